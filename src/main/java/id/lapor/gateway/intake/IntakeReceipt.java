package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;

/**
 * What the shared intake answers, always after its transaction committed. A channel acknowledges
 * its protocol on any of these; it answers a transient error only when intake threw.
 *
 * @param ticket the ticket to tell the citizen: the stored complaint's, or for a duplicate the
 *               ticket of the complaint already on record
 */
public record IntakeReceipt(Outcome outcome, String ticket, Complaint complaint, Long quarantineId, String reason) {

    public enum Outcome {
        /** New complaint stored and queued for LAPOR!. */
        STORED,
        /** Same provider message seen before: nothing stored, {@code ticket} is the earlier one. */
        DUPLICATE_TRANSPORT,
        /** Same sender and text within the window: stored as a duplicate, not forwarded; {@code ticket} is the original. */
        DUPLICATE_CONTENT,
        /** Rejected by the channel or failed validation; raw input kept in quarantine. */
        QUARANTINED,
        /** Not a complaint (receipt, auto-reply, status webhook): counted, nothing stored. */
        IGNORED
    }

    public static IntakeReceipt ignored(String reason) {
        return new IntakeReceipt(Outcome.IGNORED, null, null, null, reason);
    }

    public static IntakeReceipt quarantined(long id, String reason) {
        return new IntakeReceipt(Outcome.QUARANTINED, null, null, id, reason);
    }
}

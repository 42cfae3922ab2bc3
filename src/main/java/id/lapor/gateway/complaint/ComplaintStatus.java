package id.lapor.gateway.complaint;

/**
 * Where a complaint is in its life. RECEIVED until LAPOR! accepted it; afterwards the LAPOR! status
 * name (an open set) is carried in {@code lapor.status_name} and mapped onto the closed set here.
 */
public enum ComplaintStatus {
    /** Stored in the ledger, waiting in the outbox. */
    RECEIVED,
    /** Same sender sent the same text within the dedup window; not forwarded, see duplicate_of. */
    DUPLICATE,
    /** LAPOR! refused it permanently; waits for an admin to re-drive it. */
    PARKED,
    /** LAPOR! created the report; not yet verified. */
    FORWARDED,
    VERIFIED,
    IN_PROGRESS,
    COMPLETED,
    ARCHIVED,
    REJECTED;

    public boolean isFinal() {
        return this == COMPLETED || this == ARCHIVED || this == REJECTED || this == DUPLICATE;
    }
}

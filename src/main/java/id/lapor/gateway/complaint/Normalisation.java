package id.lapor.gateway.complaint;

/**
 * The only three answers a channel normaliser gives for one raw input (courier's shape).
 */
public sealed interface Normalisation {

    /** A complaint (or a follow-up) to hand to the shared intake. */
    record Accepted(ComplaintDraft draft) implements Normalisation {}

    /** Not a complaint and nothing is wrong: a delivery receipt, an auto-reply, a status webhook. Counted. */
    record Ignored(String reason) implements Normalisation {}

    /** Could not be understood or is not allowed: quarantined with its raw bytes and this reason. */
    record Rejected(ReasonClass reasonClass, String reason) implements Normalisation {}

    static Normalisation accepted(ComplaintDraft draft) {
        return new Accepted(draft);
    }

    static Normalisation ignored(String reason) {
        return new Ignored(reason);
    }

    static Normalisation rejected(ReasonClass reasonClass, String reason) {
        return new Rejected(reasonClass, reason);
    }

    /** Why input went to quarantine. */
    enum ReasonClass { PARSE, VALIDATION, POLICY, TOO_LARGE, UNSUPPORTED, INTERNAL }
}

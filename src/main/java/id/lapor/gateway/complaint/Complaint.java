package id.lapor.gateway.complaint;

import java.time.Instant;
import java.util.List;

/**
 * Canonical complaint, schema version 1 (documented field by field in
 * {@code src/main/resources/schema/complaint-v1.schema.json}). Serialised as snake_case JSON.
 * Depends on nothing outside this package.
 */
public record Complaint(
        int schemaVersion,
        String ticket,
        Channel channel,
        Instant receivedAt,
        Instant occurredAt,
        Source source,
        Reporter reporter,
        String title,
        String content,
        String language,
        Location location,
        Category category,
        Disposition disposition,
        List<Attachment> attachments,
        List<String> flags,
        String followUpOf,
        String duplicateOf,
        ComplaintStatus status,
        Lapor lapor,
        Instant slaDueAt,
        boolean overdue) {

    public static final int SCHEMA_VERSION = 1;

    public Complaint {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** Where the raw input came from: the provider's id, the receiving instance and the raw bytes. */
    public record Source(String externalId, String instance, String rawRef) {}

    /** Who complained. {@code channelUserId} is a scheme URI: tel:+62…, mailto:…, telegram:123. */
    public record Reporter(String name, String phone, String email, String channelUserId,
                           boolean anonymous, boolean confidential) {
        public static Reporter unknown(String channelUserId) {
            return new Reporter(null, null, null, channelUserId, false, false);
        }
    }

    public record Location(String text, Double lat, Double lon) {}

    /** LAPOR! category suggested by the lexicon; confidence in [0,1]. */
    public record Category(String code, String name, double confidence) {}

    /** Target institution (LAPOR! disposition_id). */
    public record Disposition(String institutionId, String name) {}

    /** Attachment metadata; the bytes live in the content-addressed store under {@code sha256}. */
    public record Attachment(String filename, String mediaType, long sizeBytes, String sha256) {}

    /** What LAPOR! knows of this complaint. */
    public record Lapor(Long complaintId, String statusName, Instant forwardedAt) {
        public static final Lapor NONE = new Lapor(null, null, null);
    }

    public Complaint withStatus(ComplaintStatus newStatus, Lapor newLapor, boolean newOverdue) {
        return new Complaint(schemaVersion, ticket, channel, receivedAt, occurredAt, source, reporter, title,
                content, language, location, category, disposition, attachments, flags, followUpOf, duplicateOf,
                newStatus, newLapor, slaDueAt, newOverdue);
    }
}

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
        boolean overdue,
        Document document) {

    public static final int SCHEMA_VERSION = 1;

    public Complaint {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** A complaint that was not read off a document (every channel but letters). */
    public Complaint(int schemaVersion, String ticket, Channel channel, Instant receivedAt, Instant occurredAt,
                     Source source, Reporter reporter, String title, String content, String language, Location location,
                     Category category, Disposition disposition, List<Attachment> attachments, List<String> flags,
                     String followUpOf, String duplicateOf, ComplaintStatus status, Lapor lapor, Instant slaDueAt,
                     boolean overdue) {
        this(schemaVersion, ticket, channel, receivedAt, occurredAt, source, reporter, title, content, language, location,
                category, disposition, attachments, flags, followUpOf, duplicateOf, status, lapor, slaDueAt, overdue, null);
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

    /**
     * What was read off a document (a scanned or typed letter): its type, each page's text and how it
     * was read, the mean OCR confidence over OCR'd pages (0..1, null when nothing was OCR'd), and the
     * addressee line ("Kepada Yth. …") as written, which disposition looks at.
     */
    public record Document(String mediaType, int pageCount, Double meanConfidence, String addressee, List<Page> pages) {
        public Document {
            pages = pages == null ? List.of() : List.copyOf(pages);
        }
    }

    /**
     * One page: {@code method} TEXT (a text layer) or OCR; {@code confidence} 0..1 for OCR; {@code rotation}
     * the degrees the page was turned to be read (0, 90, 180, 270).
     */
    public record Page(int number, String method, Double confidence, int rotation, String text) {}

    public Complaint withStatus(ComplaintStatus newStatus, Lapor newLapor, boolean newOverdue) {
        return new Complaint(schemaVersion, ticket, channel, receivedAt, occurredAt, source, reporter, title,
                content, language, location, category, disposition, attachments, flags, followUpOf, duplicateOf,
                newStatus, newLapor, slaDueAt, newOverdue, document);
    }
}

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

    /**
     * A complaint built by name: {@code Complaint.builder().ticket(t).channel(Channel.SMS)….build()}.
     * Schema version {@value #SCHEMA_VERSION}, status RECEIVED and {@link Lapor#NONE} unless set; other
     * unset fields are null (attachments and flags empty, overdue false).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this complaint's fields, to build a copy with some changed. */
    public Builder toBuilder() {
        return new Builder().schemaVersion(schemaVersion).ticket(ticket).channel(channel).receivedAt(receivedAt)
                .occurredAt(occurredAt).source(source).reporter(reporter).title(title).content(content).language(language)
                .location(location).category(category).disposition(disposition).attachments(attachments).flags(flags)
                .followUpOf(followUpOf).duplicateOf(duplicateOf).status(status).lapor(lapor).slaDueAt(slaDueAt)
                .overdue(overdue).document(document);
    }

    /** Fields of a {@link Complaint} by name; see the record's components and the JSON schema for each. */
    public static final class Builder {
        private int schemaVersion = SCHEMA_VERSION;
        private String ticket;
        private Channel channel;
        private Instant receivedAt;
        private Instant occurredAt;
        private Source source;
        private Reporter reporter;
        private String title;
        private String content;
        private String language;
        private Location location;
        private Category category;
        private Disposition disposition;
        private List<Attachment> attachments;
        private List<String> flags;
        private String followUpOf;
        private String duplicateOf;
        private ComplaintStatus status = ComplaintStatus.RECEIVED;
        private Lapor lapor = Lapor.NONE;
        private Instant slaDueAt;
        private boolean overdue;
        private Document document;

        private Builder() {}

        public Builder schemaVersion(int v) { schemaVersion = v; return this; }
        public Builder ticket(String v) { ticket = v; return this; }
        public Builder channel(Channel v) { channel = v; return this; }
        public Builder receivedAt(Instant v) { receivedAt = v; return this; }
        public Builder occurredAt(Instant v) { occurredAt = v; return this; }
        public Builder source(Source v) { source = v; return this; }
        public Builder reporter(Reporter v) { reporter = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder content(String v) { content = v; return this; }
        public Builder language(String v) { language = v; return this; }
        public Builder location(Location v) { location = v; return this; }
        public Builder category(Category v) { category = v; return this; }
        public Builder disposition(Disposition v) { disposition = v; return this; }
        public Builder attachments(List<Attachment> v) { attachments = v; return this; }
        public Builder flags(List<String> v) { flags = v; return this; }
        public Builder followUpOf(String v) { followUpOf = v; return this; }
        /** Ticket of the complaint this one repeats (status DUPLICATE); null for an original. */
        public Builder duplicateOf(String v) { duplicateOf = v; return this; }
        public Builder status(ComplaintStatus v) { status = v; return this; }
        public Builder lapor(Lapor v) { lapor = v; return this; }
        public Builder slaDueAt(Instant v) { slaDueAt = v; return this; }
        public Builder overdue(boolean v) { overdue = v; return this; }
        public Builder document(Document v) { document = v; return this; }

        public Complaint build() {
            return new Complaint(schemaVersion, ticket, channel, receivedAt, occurredAt, source, reporter, title, content,
                    language, location, category, disposition, attachments, flags, followUpOf, duplicateOf, status, lapor,
                    slaDueAt, overdue, document);
        }
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

    /** This complaint with LAPOR!'s view of it (status, LAPOR! record, overdue) replaced. */
    public Complaint withStatus(ComplaintStatus newStatus, Lapor newLapor, boolean newOverdue) {
        return toBuilder().status(newStatus).lapor(newLapor).overdue(newOverdue).build();
    }
}

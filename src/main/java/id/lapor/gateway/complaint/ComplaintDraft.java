package id.lapor.gateway.complaint;

import java.time.Instant;
import java.util.List;

/**
 * What a channel's normaliser knows of a complaint: everything except what the shared intake
 * assigns (ticket, category, disposition, status, SLA due date, attachment hashes).
 *
 * @param senderKey the transport identity used for dedup (for example tel:+628…); never null
 * @param externalId the provider's id (SMPP message id, Message-ID, update_id, wamid, post URL, sha256)
 */
public record ComplaintDraft(
        Channel channel,
        String instance,
        String externalId,
        String senderKey,
        Instant occurredAt,
        Complaint.Reporter reporter,
        String title,
        String content,
        String language,
        Complaint.Location location,
        List<AttachmentContent> attachments,
        List<String> flags,
        String followUpOf,
        Complaint.Document document) {

    public ComplaintDraft {
        if (channel == null) throw new IllegalArgumentException("channel is required");
        if (senderKey == null || senderKey.isBlank()) throw new IllegalArgumentException("senderKey is required");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /**
     * A draft built by name: {@code ComplaintDraft.of(Channel.SMS, "tel:+62812…").instance("smsc-1").content("…").build()}.
     * Unset fields are null (attachments and flags empty); {@link Builder#build()} checks what the
     * canonical constructor checks.
     *
     * @param channel   the channel the input came in on; required
     * @param senderKey the transport identity used for dedup (for example tel:+628…); required
     */
    public static Builder of(Channel channel, String senderKey) {
        return new Builder().channel(channel).senderKey(senderKey);
    }

    /** A builder holding this draft's fields, to build a copy with some changed. */
    public Builder toBuilder() {
        return new Builder().channel(channel).instance(instance).externalId(externalId).senderKey(senderKey)
                .occurredAt(occurredAt).reporter(reporter).title(title).content(content).language(language)
                .location(location).attachments(attachments).flags(flags).followUpOf(followUpOf).document(document);
    }

    /** Fields of a {@link ComplaintDraft} by name; see the record's components for what each holds. */
    public static final class Builder {
        private Channel channel;
        private String instance;
        private String externalId;
        private String senderKey;
        private Instant occurredAt;
        private Complaint.Reporter reporter;
        private String title;
        private String content;
        private String language;
        private Complaint.Location location;
        private List<AttachmentContent> attachments;
        private List<String> flags;
        private String followUpOf;
        private Complaint.Document document;

        private Builder() {}

        public Builder channel(Channel v) { channel = v; return this; }
        public Builder instance(String v) { instance = v; return this; }
        public Builder externalId(String v) { externalId = v; return this; }
        public Builder senderKey(String v) { senderKey = v; return this; }
        public Builder occurredAt(Instant v) { occurredAt = v; return this; }
        public Builder reporter(Complaint.Reporter v) { reporter = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder content(String v) { content = v; return this; }
        /** ISO 639-1 code, for example {@code id}. */
        public Builder language(String v) { language = v; return this; }
        public Builder location(Complaint.Location v) { location = v; return this; }
        public Builder attachments(List<AttachmentContent> v) { attachments = v; return this; }
        public Builder flags(List<String> v) { flags = v; return this; }
        /** Ticket of the complaint this one follows up. */
        public Builder followUpOf(String v) { followUpOf = v; return this; }
        /** What was read off a document (letters only). */
        public Builder document(Complaint.Document v) { document = v; return this; }

        /** @throws IllegalArgumentException when channel or senderKey is missing */
        public ComplaintDraft build() {
            return new ComplaintDraft(channel, instance, externalId, senderKey, occurredAt, reporter, title, content,
                    language, location, attachments, flags, followUpOf, document);
        }
    }

    /**
     * Bytes of one attachment as received. The media type is detected from the bytes: by intake, or
     * already by the channel ({@code mediaType}, with the same detector) when it had to know it to
     * screen the attachment; null when not detected yet.
     */
    public record AttachmentContent(String filename, byte[] bytes, String mediaType) {
        public AttachmentContent(String filename, byte[] bytes) {
            this(filename, bytes, null);
        }
    }
}

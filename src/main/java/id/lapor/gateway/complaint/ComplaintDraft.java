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

    /** A draft that was not read off a document (every channel but letters). */
    public ComplaintDraft(Channel channel, String instance, String externalId, String senderKey, Instant occurredAt,
                          Complaint.Reporter reporter, String title, String content, String language,
                          Complaint.Location location, List<AttachmentContent> attachments, List<String> flags,
                          String followUpOf) {
        this(channel, instance, externalId, senderKey, occurredAt, reporter, title, content, language, location,
                attachments, flags, followUpOf, null);
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

package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.IntakeInput;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;

/**
 * A closed chat conversation: the typed payload a chat channel's normaliser decides on (through
 * {@code direct:normalise}). One conversation becomes at most one complaint (issue #16, item 7).
 *
 * <p>{@link #externalId()} is {@code conversation:<id>}, so intake's transport dedup makes a conversation
 * sent twice (a stop between intake's commit and {@link ChatConversations#closed}) one complaint.
 * {@link #raw()} is a JSON array of the parts' raw JSON in arrival order ({@value #RAW_MEDIA_TYPE}): what
 * quarantine keeps and replay reads.
 *
 * @param id              the conversation's row id
 * @param parts           its messages, oldest first, text as last edited
 * @param attachments     its media, in the order of their parts, with what fetching them gave
 * @param lastPartId      the highest part id included: a part appended after this snapshot stays open
 * @param edits           how many edits the conversation had taken when this snapshot was read: an edit counted
 *                        after it is not in {@link #parts()}' text and becomes a revision of the complaint at close
 *                        ({@link ChatConversations#closed})
 */
public record ChatConversation(
        long id,
        Channel channel,
        String instance,
        String conversationKey,
        Instant openedAt,
        Instant lastPartAt,
        List<ChatPart> parts,
        List<Attachment> attachments,
        long lastPartId,
        int edits) implements IntakeInput {

    public static final String RAW_MEDIA_TYPE = "application/json";
    /** Prefix of {@link #externalId()}. */
    public static final String EXTERNAL_ID_PREFIX = "conversation:";
    /**
     * The reason a normaliser gives when a conversation holds only a greeting ("Selamat pagi"): the core
     * answers it with the channel's help text ({@link ChatChannelSettings#helpText()}) instead of a complaint.
     */
    public static final String GREETING_ONLY = "greeting only, answered with help";

    public ChatConversation {
        parts = parts == null ? List.of() : List.copyOf(parts);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A conversation not read from the store (replay, fixtures): no edits counted. */
    public ChatConversation(long id, Channel channel, String instance, String conversationKey, Instant openedAt, Instant lastPartAt,
                            List<ChatPart> parts, List<Attachment> attachments, long lastPartId) {
        this(id, channel, instance, conversationKey, openedAt, lastPartAt, parts, attachments, lastPartId, 0);
    }

    /** Fetch state of one media item. */
    public enum MediaState { PENDING, FETCHED, UNAVAILABLE }

    /**
     * One media item of the conversation.
     *
     * @param partIndex index in {@link #parts()} of the part that carried it
     * @param bytes     the fetched bytes (FETCHED), else null
     * @param mediaType detected from the bytes by Tika (FETCHED), else null
     * @param reason    why it is UNAVAILABLE (TOO_LARGE, HTTP 404, attempts used up, still pending at close), else null
     */
    public record Attachment(long mediaId, int partIndex, ChatMedia declared, MediaState state, byte[] bytes,
                             String mediaType, String reason) {}

    /** The reporter of the conversation: that of its last part (the name may have changed meanwhile). */
    public ChatReporter reporter() {
        return parts.isEmpty() ? null : parts.get(parts.size() - 1).reporter();
    }

    @Override
    public String externalId() {
        return EXTERNAL_ID_PREFIX + id;
    }

    @Override
    public byte[] raw() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) out.write(',');
            out.writeBytes(parts.get(i).raw());
        }
        out.write(']');
        return out.toByteArray();
    }

    @Override
    public String rawMediaType() {
        return RAW_MEDIA_TYPE;
    }
}

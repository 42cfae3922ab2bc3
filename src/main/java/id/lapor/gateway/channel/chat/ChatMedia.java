package id.lapor.gateway.channel.chat;

/**
 * One media item of a chat message as the platform declares it, before it is fetched. Every string is made storable
 * ({@link ChatText}: no NUL or unpaired surrogate; id, type and file name cut to their columns' lengths, so an id
 * that long fails its fetch and the media is flagged unavailable instead of the message failing to be stored).
 *
 * @param fileId       the provider's id to fetch it by (Telegram {@code file_id}, WhatsApp media id)
 * @param declaredType the media type the platform declares ({@code mime_type}); null when none. The stored
 *                     type is detected from the bytes (Tika, {@code intake.MediaTypes}), never taken from this
 * @param fileName     the file name the sender gave (documents), else null
 * @param declaredSize bytes the platform declares ({@code file_size}); null when unknown
 * @param caption      the caption sent with it, exactly; null when none
 */
public record ChatMedia(String fileId, String declaredType, String fileName, Long declaredSize, String caption) {
    public ChatMedia {
        if (fileId == null || fileId.isBlank()) throw new IllegalArgumentException("fileId is required");
        fileId = ChatText.storable(fileId, ChatText.FILE_ID_MAX);
        declaredType = ChatText.storable(declaredType, ChatText.TYPE_MAX);
        fileName = ChatText.storable(fileName, ChatText.FILE_NAME_MAX);
        caption = ChatText.storable(caption);
    }
}

package id.lapor.gateway.channel.chat;

/**
 * One media item of a chat message as the platform declares it, before it is fetched.
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
    }
}

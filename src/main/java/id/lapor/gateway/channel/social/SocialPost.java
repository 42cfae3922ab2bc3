package id.lapor.gateway.channel.social;

/**
 * Typed raw payload of the SOCIAL channel: what an admin sends to {@code POST /api/social/reports}
 * when flagging a post about government performance (JSON, snake_case).
 *
 * @param note             the admin's note, one line of at most {@value SocialNormaliser#MAX_NOTE_CHARS} characters (longer is refused)
 * @param screenshotBase64 optional screenshot of the post, kept as evidence
 * @param flaggedBy        set by the gateway from the authenticated admin, never from the body
 * @param screenshots      further screenshots (the console's flag form sends all of them here)
 * @param category         a category code of categories.yaml the admin chose, or null to suggest from the text
 * @param dispositionId    an institution id of dispositions.yaml the admin chose, or null to follow the category
 */
public record SocialPost(
        String platform,
        String postUrl,
        String authorHandle,
        String authorName,
        String text,
        String postedAt,
        String location,
        String note,
        Boolean anonymous,
        Boolean confidential,
        String screenshotFilename,
        String screenshotBase64,
        String flaggedBy,
        java.util.List<Screenshot> screenshots,
        String category,
        String dispositionId) {

    /** One screenshot: a file name and the image's bytes in base64. */
    public record Screenshot(String filename, String base64) {}
}

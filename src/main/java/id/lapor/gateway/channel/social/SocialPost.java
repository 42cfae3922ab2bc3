package id.lapor.gateway.channel.social;

/**
 * Typed raw payload of the SOCIAL channel: what an admin sends to {@code POST /api/social/reports}
 * when flagging a post about government performance (JSON, snake_case).
 *
 * @param screenshotBase64 optional screenshot of the post, kept as evidence
 * @param flaggedBy        set by the gateway from the authenticated admin, never from the body
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
        String flaggedBy) {}

package id.lapor.gateway.channel.social;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.IntakeInput;

/**
 * Typed raw payload of the SOCIAL channel: one report body as {@code POST /api/social/reports} received
 * it (JSON, snake_case, {@code flagged_by} set from the login), not yet parsed, so a body that is not a
 * {@link SocialPost} is quarantined with the very bytes that came in.
 *
 * @param raw      the request body; never null
 * @param instance the intake point ({@code channels.social.instance})
 */
public record SocialReport(byte[] raw, String instance) implements IntakeInput {

    public static final String MEDIA_TYPE = "application/json";

    public SocialReport {
        if (raw == null) raw = new byte[0];
    }

    @Override
    public Channel channel() {
        return Channel.SOCIAL;
    }

    /** None before parsing: the post URL (the draft's external id) is inside the body. */
    @Override
    public String externalId() {
        return null;
    }

    @Override
    public String rawMediaType() {
        return MEDIA_TYPE;
    }
}

package id.lapor.gateway.channel.social;

/**
 * Start of the social route ({@code direct:social-report}): the request body as the channel's typed
 * raw payload, named with this gateway's intake point.
 */
public class SocialReception {

    private final String instance;

    /** @param instance {@code channels.social.instance} */
    public SocialReception(String instance) {
        this.instance = instance;
    }

    /** @param body the report's JSON bytes as received (null is an empty body, which the normaliser rejects) */
    public SocialReport receive(byte[] body) {
        return new SocialReport(body, instance);
    }
}

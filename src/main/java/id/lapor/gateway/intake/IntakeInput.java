package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;

/**
 * One raw input on its way through a channel's route, as intake needs to know it whatever the
 * normaliser decides: where it came from, and the bytes to quarantine if it is refused.
 * {@link IntakeDispatcher#remember} keeps it in the exchange's properties.
 */
public interface IntakeInput {

    Channel channel();

    /** The intake point (canonical {@code source.instance}). */
    String instance();

    /** The provider's id of the input, when it has one. */
    String externalId();

    byte[] raw();

    String rawMediaType();
}

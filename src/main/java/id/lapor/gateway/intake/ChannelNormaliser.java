package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Normalisation;

/**
 * A channel's normaliser as the one entry into intake sees it: its typed payload in, one of
 * Accepted / Ignored / Rejected out (courier's shape), with no store and no Camel. One per channel;
 * {@link IntakeDispatcher} picks it by {@link #channel()} for the payload of {@code direct:normalise}.
 *
 * @param <T> the channel's typed raw payload
 */
public interface ChannelNormaliser<T extends IntakeInput> extends ChannelReplayer {

    /** The payload class this normaliser takes (a route handing it another is a wiring error). */
    Class<T> inputType();

    /** Decides on one input; never throws for bad input (that is Rejected), only for an outage. */
    Normalisation normalise(T input);
}

package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of the one entry into intake, {@code direct:normalise} ({@code routes/intake.yaml}), which
 * every channel route ends with: {@link #remember} keeps what intake must know of the channel's
 * payload (an {@link IntakeInput}), {@link #normalise} asks that channel's {@link ChannelNormaliser},
 * {@link #prepare} turns an Accepted draft into the body for {@code direct:complaint-intake} (header
 * {@value #HEADER} = ACCEPTED), and {@link #settle} counts Ignored and quarantines Rejected (with the
 * raw bytes kept in exchange property {@value #RAW}).
 */
public class IntakeDispatcher {

    public static final String HEADER = "normalisation";
    public static final String RAW = "raw";
    public static final String RAW_MEDIA_TYPE = "rawMediaType";
    public static final String CHANNEL = "channel";
    public static final String INSTANCE = "instance";
    public static final String EXTERNAL_ID = "externalId";
    /** The {@link IntakeInput} itself, for steps after intake (a channel's settling of what it stored). */
    public static final String INPUT = "intakeInput";

    private final ComplaintIntake intake;
    private final Map<Channel, ChannelNormaliser<?>> normalisers = new EnumMap<>(Channel.class);

    /**
     * @param normalisers one per channel; a second one for the same channel is a wiring error
     * @throws IllegalArgumentException when two normalisers claim one channel
     */
    public IntakeDispatcher(ComplaintIntake intake, List<? extends ChannelNormaliser<?>> normalisers) {
        this.intake = intake;
        for (ChannelNormaliser<?> n : normalisers) {
            ChannelNormaliser<?> before = this.normalisers.put(n.channel(), n);
            if (before != null) throw new IllegalArgumentException("two normalisers for " + n.channel() + ": "
                    + before.getClass().getSimpleName() + " and " + n.getClass().getSimpleName());
        }
    }

    /**
     * Keeps what intake must know of the body, an {@link IntakeInput}, in the exchange's properties
     * ({@value #CHANNEL}, {@value #INSTANCE}, {@value #EXTERNAL_ID}, {@value #RAW}, {@value #RAW_MEDIA_TYPE}
     * and {@value #INPUT}), so they outlive the normaliser's answer replacing the body.
     *
     * @throws InvalidPayloadException when the body is not an {@link IntakeInput} (a wiring error)
     */
    public void remember(Exchange exchange) throws InvalidPayloadException {
        IntakeInput input = exchange.getMessage().getMandatoryBody(IntakeInput.class);
        exchange.setProperty(INPUT, input);
        exchange.setProperty(CHANNEL, input.channel());
        exchange.setProperty(INSTANCE, input.instance());
        exchange.setProperty(EXTERNAL_ID, input.externalId());
        exchange.setProperty(RAW, input.raw());
        exchange.setProperty(RAW_MEDIA_TYPE, input.rawMediaType());
    }

    /**
     * The answer of the input's channel normaliser (the body becomes it).
     *
     * @throws IllegalStateException when no normaliser is registered for the input's channel
     */
    public Normalisation normalise(Exchange exchange) throws InvalidPayloadException {
        return normalise(exchange.getMessage().getMandatoryBody(IntakeInput.class));
    }

    /** The answer of {@code input}'s channel normaliser, without Camel. */
    public Normalisation normalise(IntakeInput input) {
        ChannelNormaliser<?> n = normalisers.get(input.channel());
        if (n == null) throw new IllegalStateException("no normaliser for channel " + input.channel());
        return decide(n, input);
    }

    private static <T extends IntakeInput> Normalisation decide(ChannelNormaliser<T> n, IntakeInput input) {
        return n.normalise(n.inputType().cast(input));
    }

    /**
     * Sets header {@value #HEADER} to ACCEPTED, IGNORED or REJECTED; an Accepted draft becomes an
     * {@link IntakeRequest} with the raw input remembered before.
     */
    public void prepare(Exchange exchange) throws InvalidPayloadException {
        Normalisation n = exchange.getMessage().getMandatoryBody(Normalisation.class);
        if (n instanceof Normalisation.Accepted a) {
            exchange.getMessage().setHeader(HEADER, "ACCEPTED");
            exchange.getMessage().setBody(new IntakeRequest(a.draft(), raw(exchange),
                    exchange.getProperty(RAW_MEDIA_TYPE, String.class)));
        } else {
            exchange.getMessage().setHeader(HEADER, n instanceof Normalisation.Ignored ? "IGNORED" : "REJECTED");
        }
    }

    /** For Ignored and Rejected: counts or quarantines, and leaves an {@link IntakeReceipt} as the body. */
    public IntakeReceipt settle(Exchange exchange) {
        Normalisation n = exchange.getMessage().getBody(Normalisation.class);
        Channel channel = exchange.getProperty(CHANNEL, Channel.class);
        if (n instanceof Normalisation.Ignored i) {
            intake.ignored(channel, i.reason());
            return IntakeReceipt.ignored(i.reason());
        }
        Normalisation.Rejected r = (Normalisation.Rejected) n;
        long id = intake.quarantine(channel, exchange.getProperty(INSTANCE, String.class),
                exchange.getProperty(EXTERNAL_ID, String.class), raw(exchange),
                exchange.getProperty(RAW_MEDIA_TYPE, String.class), r.reasonClass(), r.reason());
        return IntakeReceipt.quarantined(id, r.reason());
    }

    private static byte[] raw(Exchange exchange) {
        return exchange.getProperty(RAW, byte[].class);
    }
}

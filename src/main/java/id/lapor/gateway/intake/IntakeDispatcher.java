package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import org.apache.camel.Exchange;

/**
 * Camel glue between a channel's normaliser and the shared intake. {@link #prepare} looks at the
 * normaliser's answer: an Accepted draft becomes the body for {@code direct:complaint-intake} (header
 * {@value #HEADER} = ACCEPTED); Ignored and Rejected are settled by {@link #settle} (counted, or
 * quarantined with the raw bytes kept in exchange property {@value #RAW}).
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

    public IntakeDispatcher(ComplaintIntake intake) {
        this.intake = intake;
    }

    /**
     * Keeps what intake must know of the body, an {@link IntakeInput}, in the exchange's properties
     * ({@value #CHANNEL}, {@value #INSTANCE}, {@value #EXTERNAL_ID}, {@value #RAW}, {@value #RAW_MEDIA_TYPE}
     * and {@value #INPUT}): one step where a route would otherwise set each with an expression.
     */
    public void remember(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        IntakeInput input = exchange.getMessage().getMandatoryBody(IntakeInput.class);
        exchange.setProperty(INPUT, input);
        exchange.setProperty(CHANNEL, input.channel());
        exchange.setProperty(INSTANCE, input.instance());
        exchange.setProperty(EXTERNAL_ID, input.externalId());
        exchange.setProperty(RAW, input.raw());
        exchange.setProperty(RAW_MEDIA_TYPE, input.rawMediaType());
    }

    public void prepare(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
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

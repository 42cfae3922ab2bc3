package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.ops.GatewayMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An input whose intake fails at every attempt must not hold its channel for ever. Intake errors are
 * normally left to the channel (the mail stays in INBOX, the file in the folder, the SMSC gets a
 * transient error) so the input is tried again once the cause (the store, most often) is gone. But an
 * input that fails for a reason of its own (a bug the input trips) would be tried at every poll for
 * ever, and in a mailbox it keeps a place in every poll's window: enough of them and no new mail is
 * read at all. So a channel's route catches intake's exception and calls {@link #giveUpOrRethrow}: the
 * same input (by channel and the sha256 of its raw bytes) failing for the {@code maxAttempts}-th time
 * is quarantined with its raw bytes (INTERNAL, replayable once the cause is fixed) and settled like any
 * refused input; before that the exception is thrown again and the channel retries as before.
 *
 * <p>Every attempt is a normal attempt first, so inputs that fail only because the store is down are
 * not given up on: quarantining needs the store too, fails the same way, and the input stays. Counts
 * are kept in memory (a restart starts them afresh, which only delays the give-up) for the last
 * {@value #REMEMBERED} failing inputs.
 */
public class RepeatedFailures {

    static final int REMEMBERED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RepeatedFailures.class);

    private final int maxAttempts;
    private final ComplaintIntake intake;
    private final GatewayMetrics metrics;
    private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param maxAttempts the attempt at which a failing input is given up on (1: at its first failure)
     * @param intake      to quarantine the input; may be null in decision tests that only count
     * @param metrics     counts {@code gateway_inputs_given_up_total{why="failed-attempts"}}; may be null
     */
    public RepeatedFailures(int maxAttempts, ComplaintIntake intake, GatewayMetrics metrics) {
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be at least 1");
        this.maxAttempts = maxAttempts;
        this.intake = intake;
        this.metrics = metrics;
    }

    /**
     * Notes one more failed attempt of the input with this key.
     *
     * @return true when that was attempt {@code maxAttempts} or a later one: give up. The count is kept,
     *         so an input given up on that comes back (its move out of the inbox failed) is given up on
     *         at its next failure, not after {@code maxAttempts} more
     */
    public synchronized boolean failedAgain(String key) {
        return failures.merge(key, 1, Integer::sum) >= maxAttempts;
    }

    /** Attempts of this input that failed so far (0 when it never failed, or was forgotten among {@value #REMEMBERED}). */
    public synchronized int failures(String key) {
        return failures.getOrDefault(key, 0);
    }

    /** The key of an input: its channel and instance with the sha256 of its raw bytes. */
    public static String key(IntakeInput input) {
        return input.channel().key() + ":" + input.instance() + ":" + TextFingerprint.sha256Hex(input.raw());
    }

    /**
     * In a route's {@code doCatch} around {@code direct:normalise}: throws the caught exception again
     * (the channel retries the input as before), or at the {@code maxAttempts}-th failure of the same
     * input quarantines it with its raw bytes and returns the receipt, so the channel settles it as a
     * refused input (for email: moved to the quarantine folder).
     *
     * @throws Exception the caught exception ({@link Exchange#EXCEPTION_CAUGHT}), while attempts remain,
     *                   or whatever quarantining threw (the store is down: the input stays)
     */
    public IntakeReceipt giveUpOrRethrow(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause == null) throw new IllegalStateException("giveUpOrRethrow is for a doCatch: no exception was caught");
        // remembered by direct:normalise; the body itself when the failure came before that
        IntakeInput input = exchange.getProperty(IntakeDispatcher.INPUT, IntakeInput.class);
        if (input == null && exchange.getMessage().getBody() instanceof IntakeInput body) input = body;
        if (input == null) throw cause;
        String key = key(input);
        if (!failedAgain(key)) throw cause;
        Channel channel = input.channel();
        String reason = "intake failed on this input at " + maxAttempts + " attempts in a row (" + cause.getClass().getSimpleName()
                + "); taken out so it no longer holds the channel, kept for replay once the cause is fixed";
        long id;
        try {
            id = intake.quarantine(channel, input.instance(), input.externalId(), input.raw(), input.rawMediaType(),
                    ReasonClass.INTERNAL, reason);
        } catch (RuntimeException e) {
            // the store is down too: the input stays, and is given up on at its next failure
            throw e;
        }
        log.warn("{} input failed {} times ({}): quarantined as {}", channel, maxAttempts, cause.getClass().getSimpleName(), id);
        if (metrics != null) metrics.inputGivenUp(channel, "failed-attempts");
        return IntakeReceipt.quarantined(id, reason);
    }
}

package id.lapor.gateway.channel.email;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The IMAP consumer's poll strategy: remembers whether the last poll could log in and read the
 * folder, so the {@code email} health component is DOWN while the mailbox cannot be reached (and
 * before the first successful poll). A failed poll is logged once when the state changes, not every
 * poll; the consumer simply polls again at its next interval.
 */
public class MailboxHealth implements PollingConsumerPollStrategy {

    private static final Logger log = LoggerFactory.getLogger(MailboxHealth.class);

    /** State after the latest poll. */
    public record State(boolean up, String error, Instant lastPollAt, Instant lastSuccessAt, int lastPolled, long failures) {}

    private final Clock clock;
    private final Supplier<String> moveProblem;
    private final AtomicLong failures = new AtomicLong();
    private volatile State state = new State(false, "not polled yet", null, null, 0, 0);

    /** {@code moveProblem}: why the poll's mail could not be moved out of the inbox, or null ({@link FolderMoves#moveProblem()}). */
    public MailboxHealth(Clock clock, Supplier<String> moveProblem) {
        this.clock = clock;
        this.moveProblem = moveProblem;
    }

    public State state() {
        return state;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        Instant now = clock.instant();
        String problem = moveProblem.get();
        if (problem != null) {
            // the poll read the mail but could not move it: the mailbox would be stuck on the same window
            failures.incrementAndGet();
            if (state.up() || state.lastPollAt() == null) log.warn("mailbox: {}", problem);
            state = new State(false, problem, now, state.lastSuccessAt(), polledMessages, failures.get());
            return;
        }
        if (!state.up()) log.info("mailbox polled{}", state.failures() == 0 ? "" : " again after " + state.failures() + " failed polls");
        state = new State(true, null, now, now, polledMessages, failures.get());
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failures.incrementAndGet();
        String error = describe(cause);
        if (state.up() || state.lastPollAt() == null) log.warn("mailbox cannot be polled: {}", error);
        state = new State(false, error, clock.instant(), state.lastSuccessAt(), 0, failures.get());
        return false; // poll again at the next interval, not at once
    }

    /** The exception chain's types and first message, without addresses or credentials beyond what the server said. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 300; c = c.getCause() == c ? null : c.getCause()) {
            if (!sb.isEmpty()) sb.append(" <- ");
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) sb.append(": ").append(c.getMessage().lines().findFirst().orElse(""));
        }
        return sb.length() > 300 ? sb.substring(0, 300) : sb.toString();
    }
}

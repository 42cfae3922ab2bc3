package id.lapor.gateway.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console lock-out: after {@code maxFailures} failed logins of one username within {@code window},
 * that username may not log in to the console until {@code window} has passed since the last failure
 * (a correct password inside the lock does not open it). Per username, not per address: the console's
 * users are a handful of named accounts, and an attacker rotating addresses must not get more tries.
 *
 * <p>Kept in memory on purpose: the counter guards a handful of accounts whose passwords are
 * BCrypt-hashed (so guessing is slow anyway), a restart or another node resetting it costs an attacker
 * one more window at most, and a database counter would turn every failed login into a write an
 * attacker controls. The REST API's HTTP Basic is not locked (machines calling it would lock the
 * humans out).
 */
public class LoginAttempts {

    private record Entry(int failures, Instant last) {}

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> byUser = new ConcurrentHashMap<>();

    /**
     * @param maxFailures failures (≥ 1) that lock the username
     * @param window      how long failures are remembered and a lock lasts after the last failure
     */
    public LoginAttempts(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1");
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** True while the username is locked out. */
    public boolean locked(String username) {
        Entry e = byUser.get(key(username));
        return e != null && e.failures() >= maxFailures && clock.instant().isBefore(e.last().plus(window));
    }

    /** Counts one failed login; returns true if the username is now locked. */
    public boolean failed(String username) {
        Instant now = clock.instant();
        Entry e = byUser.compute(key(username), (k, old) ->
                old == null || !now.isBefore(old.last().plus(window)) ? new Entry(1, now) : new Entry(old.failures() + 1, now));
        // bounded: a flood of made-up usernames must not grow the map without limit
        if (byUser.size() > 10_000) byUser.entrySet().removeIf(x -> !now.isBefore(x.getValue().last().plus(window)));
        return e.failures() >= maxFailures;
    }

    /** A successful login forgets the username's failures. */
    public void succeeded(String username) {
        byUser.remove(key(username));
    }
}

package id.lapor.gateway.cluster;

import java.time.Duration;

/**
 * The lease arithmetic of a leader election by renewed lock ({@code gateway.cluster.lease}, {@code renew}).
 *
 * <p>A leader writes its lock (a row's {@code created_date}, a Lease's {@code renewTime}) every
 * {@code renew}. Another node takes the lock once the last write is older than {@code lease} by its own
 * clock. So a leader whose renewals stopped succeeding (database gone, network cut, process frozen) must
 * have stopped its consumers before {@code lease} has passed since the start of its last successful
 * renewal, or two nodes run them at once. It gives up {@link #giveUpAfter()} = {@code lease − 2 × renew}
 * after that start, whether or not the failing renewal call has returned. The remaining {@code 2 × renew}
 * covers: the check's own period ({@link #checkEvery()}), stopping the consumers, and the clock difference
 * between the nodes (the JDBC lock compares timestamps written by one node's clock with another's, so
 * the nodes' clocks must be kept in step, e.g. NTP, to well under {@code renew}).
 *
 * <p>Normally a renewal succeeds every {@code renew}, so a leader tolerates {@code lease/renew − 3}
 * failed or slow renewals in a row before it gives up (with the defaults 10 s / 2 s: two). A node that
 * died is replaced {@code lease} after its last renewal at most, plus one attempt period of the others.
 *
 * @param lease others may take the lock this long after the holder's last renewal
 * @param renew the holder renews this often; {@code lease} must be at least {@code 3 × renew}
 */
public record LeaseTimes(Duration lease, Duration renew) {

    /** @throws IllegalArgumentException when {@code lease < 3 × renew} or either is not positive */
    public LeaseTimes {
        if (renew == null || lease == null || renew.isNegative() || renew.isZero()) {
            throw new IllegalArgumentException("gateway.cluster.renew must be positive");
        }
        if (lease.compareTo(renew.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("gateway.cluster.lease (" + lease + ") must be at least 3 x gateway.cluster.renew ("
                    + renew + "): the leader gives up after lease - 2 x renew without a successful renewal");
        }
    }

    /** How long after the start of its last successful renewal a leader stops its consumers. */
    public Duration giveUpAfter() {
        return lease.minus(renew.multipliedBy(2));
    }

    /** How often the leader checks that it is still within {@link #giveUpAfter()}: a quarter of {@code renew}. */
    public Duration checkEvery() {
        return renew.dividedBy(4);
    }

    /**
     * Whether a leader whose last successful renewal started at {@code lastRenewalStartMillis} must give up
     * at {@code nowMillis} (both epoch milliseconds of this node's clock).
     */
    public boolean mustGiveUp(long lastRenewalStartMillis, long nowMillis) {
        return nowMillis - lastRenewalStartMillis >= giveUpAfter().toMillis();
    }
}

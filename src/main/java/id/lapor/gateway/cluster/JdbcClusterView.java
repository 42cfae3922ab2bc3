package id.lapor.gateway.cluster;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * One {@code master:} namespace of {@link JdbcClusterService}: a {@code LockRegistryLeaderInitiator} whose
 * candidate (role = the namespace) tells the {@code MasterConsumer}s when this node starts or stops
 * leading. The initiator renews the lock every {@code renew} (its heart beat); each successful renewal's
 * start time is recorded here, and {@link #checkLease()} stops the consumers when the last one is older
 * than {@link LeaseTimes#giveUpAfter()} (then the initiator is asked to yield, so that once its call returns
 * it releases the lock and competes again).
 */
public class JdbcClusterView extends AbstractCamelClusterView {

    private static final Logger log = LoggerFactory.getLogger(JdbcClusterView.class);

    private final Member local = new Member();
    private final LockRegistryLeaderInitiator initiator;
    private final LeaseTimes times;
    private final Clock clock;
    private final Object state = new Object();
    private volatile boolean granted;
    private volatile boolean leading;
    private volatile long lastRenewalStart;
    private volatile Context context;

    JdbcClusterView(CamelClusterService service, String namespace, LockRegistry registry, LeaseTimes times, Clock clock) {
        super(service, namespace);
        this.times = times;
        this.clock = clock;
        this.initiator = new LockRegistryLeaderInitiator(new Tracking(registry), new NamespaceCandidate(service.getId(), namespace));
        this.initiator.setHeartBeatMillis(times.renew().toMillis());
        this.initiator.setBusyWaitMillis(Math.min(100, times.renew().toMillis()));
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("leader-" + namespace + "-");
        executor.setDaemon(true);
        this.initiator.setTaskExecutor(executor);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leading ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        // the lock table only knows the holder; like FileLockClusterView, no member list
        return List.of();
    }

    /** Epoch milliseconds at which the last successful renewal (or acquisition) started; 0 before any. */
    public long lastRenewalStart() {
        return lastRenewalStart;
    }

    @Override
    protected void doStart() {
        initiator.start();
    }

    @Override
    protected void doStop() {
        initiator.stop();
        synchronized (state) {
            granted = false;
            update();
        }
    }

    /** Stops leading when the last successful renewal started {@link LeaseTimes#giveUpAfter()} ago or more. */
    void checkLease() {
        Context toYield = null;
        synchronized (state) {
            if (leading && times.mustGiveUp(lastRenewalStart, clock.millis())) {
                log.warn("cluster: no successful lock renewal of '{}' for {} ms (give up after {}): stopping its consumers "
                        + "before the lease ({}) can pass", getNamespace(), clock.millis() - lastRenewalStart, times.giveUpAfter(), times.lease());
                granted = false;
                toYield = context;
                update();
            }
        }
        // once the hanging call returns, the initiator releases the lock (if still its) and competes again
        if (toYield != null) toYield.yield();
    }

    private void renewed(long start) {
        lastRenewalStart = start;
    }

    /** Fires the event when "leading" changes; callers hold {@link #state}. */
    private void update() {
        boolean now = granted && isRunAllowed() && !times.mustGiveUp(lastRenewalStart, clock.millis());
        if (now == leading) return;
        leading = now;
        log.info("cluster: {} {} '{}'", getClusterService().getId(), now ? "leads" : "no longer leads", getNamespace());
        fireLeadershipChangedEvent(now ? local : null);
    }

    private final class NamespaceCandidate implements Candidate {
        private final String id;
        private final String role;

        NamespaceCandidate(String id, String role) {
            this.id = id;
            this.role = role;
        }

        @Override
        public String getRole() {
            return role;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void onGranted(Context ctx) {
            synchronized (state) {
                context = ctx;
                granted = true;
                update();
            }
        }

        @Override
        public void onRevoked(Context ctx) {
            synchronized (state) {
                granted = false;
                update();
            }
        }
    }

    /** The registry's locks, recording when each successful {@code tryLock} (acquire or renew) started. */
    private final class Tracking implements LockRegistry {
        private final LockRegistry delegate;

        Tracking(LockRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public Lock obtain(Object key) {
            Lock lock = delegate.obtain(key);
            return new Lock() {
                @Override
                public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
                    long start = clock.millis();
                    boolean ok = lock.tryLock(time, unit);
                    if (ok) renewed(start);
                    return ok;
                }

                @Override
                public boolean tryLock() {
                    long start = clock.millis();
                    boolean ok = lock.tryLock();
                    if (ok) renewed(start);
                    return ok;
                }

                @Override
                public void lock() {
                    lock.lock();
                }

                @Override
                public void lockInterruptibly() throws InterruptedException {
                    lock.lockInterruptibly();
                }

                @Override
                public void unlock() {
                    lock.unlock();
                }

                @Override
                public Condition newCondition() {
                    return lock.newCondition();
                }
            };
        }
    }

    private final class Member implements CamelClusterMember {
        @Override
        public boolean isLeader() {
            return leading;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return getClusterService().getId();
        }
    }
}

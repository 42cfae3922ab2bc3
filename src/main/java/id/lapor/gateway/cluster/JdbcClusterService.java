package id.lapor.gateway.cluster;

import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Camel's cluster service ({@code master:} routes) on a lock row in the database the nodes share: one
 * {@link JdbcClusterView} per {@code master:} namespace, each elected by Spring Integration's
 * {@code LockRegistryLeaderInitiator} over a {@code JdbcLockRegistry} (table {@code int_lock}, migration
 * {@code V9_19_10}). Built like Camel's own cluster services ({@code FileLockClusterService},
 * {@code KubernetesClusterService}): the service makes views, a view tells its listeners (the
 * {@code MasterConsumer}s) when the local member starts or stops leading.
 *
 * <p>The locking is the library's; what this class adds is the give-up rule of {@link LeaseTimes}: a
 * checker thread revokes local leadership (stops the consumers) {@code lease − 2 × renew} after the start of
 * the last successful renewal even while a renewal call still hangs on a dead connection, so a node cut
 * from the database has stopped its singletons before any other node can take the lock. On PostgreSQL the
 * lock transactions also bound how long the server keeps a hung one open ({@link LockTransactions}), so a
 * leader whose link hangs in the middle of a renewal does not keep the row locked against the others.
 *
 * <p>Each process is its own lock client (a random client id), so a restarted node never inherits the
 * lock of its previous run: it waits for the lease like any other node.
 */
public class JdbcClusterService extends AbstractCamelClusterService<JdbcClusterView> {

    /** Lock rows of the gateway's elections carry this region (column {@code region}). */
    public static final String REGION = "lapor-gateway-leaders";

    private final DataSource dataSource;
    private final LeaseTimes times;
    private final boolean postgres;
    private final Clock clock;
    private JdbcLockRegistry registry;
    private ScheduledExecutorService checker;

    /**
     * @param nodeId     this node's name ({@code gateway.instance}), shown as the member id
     * @param dataSource the shared store, with table {@code int_lock}
     * @param times      lease and renew intervals
     * @param postgres   true on PostgreSQL: the insert of a new lock row skips a conflict instead of failing
     *                   (no "duplicate key" error in the server log at every attempt of a waiting node)
     * @param clock      the clock of the give-up rule
     */
    public JdbcClusterService(String nodeId, DataSource dataSource, LeaseTimes times, boolean postgres, Clock clock) {
        super(nodeId);
        this.dataSource = dataSource;
        this.times = times;
        this.postgres = postgres;
        this.clock = clock;
    }

    /** The lease arithmetic this service applies. */
    public LeaseTimes times() {
        return times;
    }

    @Override
    protected void doStart() throws Exception {
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-lease-check");
            t.setDaemon(true);
            return t;
        });
        long every = times.checkEvery().toMillis();
        checker.scheduleWithFixedDelay(this::checkLeases, every, every, TimeUnit.MILLISECONDS);
        super.doStart();
    }

    /** The lock registry, made on first use (Camel may ask for a view before it starts the service). */
    private synchronized JdbcLockRegistry registry() {
        if (registry == null) {
            DefaultLockRepository repository = new DefaultLockRepository(dataSource, UUID.randomUUID().toString());
            repository.setRegion(REGION);
            repository.setTimeToLive((int) times.lease().toMillis());
            // on PostgreSQL, a lock transaction hung mid-way (black-holed link) must not keep the row locked past the lease
            repository.setTransactionManager(postgres ? new LockTransactions(dataSource, times.giveUpAfter()) : new DataSourceTransactionManager(dataSource));
            if (postgres) repository.setInsertQuery(repository.getInsertQuery() + " ON CONFLICT DO NOTHING");
            repository.afterPropertiesSet();
            repository.afterSingletonsInstantiated();
            registry = new JdbcLockRegistry(repository);
            // a waiting node tries about twice per renew interval; a dead leader is replaced this long after expiry at most
            registry.setIdleBetweenTries(times.renew().dividedBy(2));
        }
        return registry;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (checker != null) checker.shutdownNow();
    }

    @Override
    protected JdbcClusterView createView(String namespace) {
        return new JdbcClusterView(this, namespace, registry(), times, clock);
    }

    /** Applies the give-up rule to every view; runs every {@link LeaseTimes#checkEvery()}. */
    void checkLeases() {
        for (String ns : getNamespaces()) {
            try {
                getView(ns).unwrap(JdbcClusterView.class).checkLease();
            } catch (Exception e) {
                // a view being released; the next tick sees the rest
            }
        }
    }
}

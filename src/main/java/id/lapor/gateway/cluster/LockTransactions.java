package id.lapor.gateway.cluster;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.TransactionDefinition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

/**
 * The transactions of the lock rows ({@code int_lock}) on PostgreSQL: each one first sets
 * {@code idle_in_transaction_session_timeout} for itself alone ({@code set_config(…, true)}, i.e.
 * {@code SET LOCAL}) to {@code idleLimit}, {@link LeaseTimes#giveUpAfter()} in {@link JdbcClusterService}.
 *
 * <p>Why: a leader whose database link hangs (packets dropped, TCP still open) between a renewal's
 * {@code UPDATE} and its {@code COMMIT} leaves that lock row locked by a session the server believes alive
 * (nothing tells it otherwise for as long as the kernel keeps retrying, minutes). Every other node's attempt
 * to take the expired lock then waits on that row lock: the leader has stopped its consumers
 * ({@link LeaseTimes#giveUpAfter()}) but no one takes over. With the limit, the server ends such a session
 * {@code idleLimit} after it went idle in its lock transaction, which releases the row before the lease can
 * pass. A lock transaction is otherwise idle only between its own statements (milliseconds); a leader whose
 * transaction idles that long has given up anyway. Other transactions of the gateway keep the server's setting.
 * Found by {@code DatabaseCutIT} (hang phase): before this, one run of two had a namespace no node took over within
 * lease + 4 s of the hang, which this explains (the row lock was not observed directly).
 */
final class LockTransactions extends DataSourceTransactionManager {

    private final Duration idleLimit;

    /**
     * @param dataSource the shared PostgreSQL store
     * @param idleLimit  how long the server lets a lock transaction sit idle before it ends the session; at least 1 ms
     */
    LockTransactions(DataSource dataSource, Duration idleLimit) {
        super(dataSource);
        if (idleLimit.toMillis() < 1) throw new IllegalArgumentException("idle limit must be at least 1 ms: " + idleLimit);
        this.idleLimit = idleLimit;
    }

    /** The limit each lock transaction sets. */
    Duration idleLimit() {
        return idleLimit;
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition) throws java.sql.SQLException {
        super.prepareTransactionalConnection(con, definition);
        new NamedParameterJdbcTemplate(new SingleConnectionDataSource(con, true))
                .queryForObject("SELECT set_config('idle_in_transaction_session_timeout', :millis, true)",
                        Map.of("millis", Long.toString(idleLimit.toMillis())), String.class);
    }
}

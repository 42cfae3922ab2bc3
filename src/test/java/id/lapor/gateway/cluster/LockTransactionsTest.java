package id.lapor.gateway.cluster;

import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link LockTransactions} on PostgreSQL (run with -Ppostgres; skipped on H2, where the cluster service keeps
 * Spring's plain transaction manager): each lock transaction, and only it, carries
 * {@code idle_in_transaction_session_timeout}, and the server ends a session that idles in one past it.
 */
class LockTransactionsTest {

    private final FreshStore store = FreshStore.create();

    @BeforeEach
    void postgresOnly() {
        assumeTrue("postgresql".equals(store.vendor()), "PostgreSQL only");
    }

    @Test
    void aLockTransactionCarriesTheIdleLimitAndOtherTransactionsDoNot() {
        LockTransactions tx = new LockTransactions(store.dataSource(), Duration.ofMillis(1500));
        JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
        String inside = new TransactionTemplate(tx).execute(s -> jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class));
        assertThat(inside).isEqualTo("1500ms");
        String server = jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class);
        String plain = new TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(store.dataSource()))
                .execute(s -> jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class));
        assertThat(plain).as("another transaction").isEqualTo(server).isNotEqualTo("1500ms");
    }

    @Test
    void theServerEndsASessionIdleInALockTransactionPastTheLimit() {
        // 1 s: the transaction "within the limit" below idles between its statements too (BEGIN, SET, SELECT, COMMIT),
        // and with 200 ms a loaded machine's pause (GC, both cores busy) had the server end that one as well
        LockTransactions tx = new LockTransactions(store.dataSource(), Duration.ofSeconds(1));
        JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
        assertThatThrownBy(() -> new TransactionTemplate(tx).executeWithoutResult(s -> {
            jdbc.queryForObject("SELECT 1", Integer.class);
            try {
                Thread.sleep(3000); // as a client whose link hangs between its statements
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jdbc.queryForObject("SELECT 2", Integer.class);
        })).as("the statement after the idle limit").isInstanceOf(RuntimeException.class);
        Integer three = new TransactionTemplate(tx).execute(s -> jdbc.queryForObject("SELECT 3", Integer.class));
        assertThat(three).as("a lock transaction within the limit").isEqualTo(3);
    }

    @Test
    void aLimitBelowOneMillisecondIsRefused() {
        assertThatThrownBy(() -> new LockTransactions(store.dataSource(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

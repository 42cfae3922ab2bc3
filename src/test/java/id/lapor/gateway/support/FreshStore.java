package id.lapor.gateway.support;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * An empty store of the test run's kind without a Spring context: an H2 file database under
 * target/test-data, or a fresh schema in the test PostgreSQL with {@code -Ppostgres}. For tests of
 * the SQL itself (migrations, claims) that a running gateway would interfere with.
 */
public record FreshStore(DataSource dataSource, String vendor) {

    public static FreshStore create() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try {
            if (TestEnvironment.postgres()) {
                String url = TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema("fs" + id);
                return new FreshStore(new SimpleDriverDataSource(DriverManager.getDriver(url), url, TestEnvironment.PG_USER, ""), "postgresql");
            }
            String url = "jdbc:h2:file:" + Path.of("target", "test-data", "store-" + id, "ledger").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                    // a connection per call (SimpleDriverDataSource): without this H2 closes the database whenever the
                    // last connection closes and opens it again with the next, and concurrent appends racing that
                    // close/open lost committed rows (ChatConversationsTest's race) or read old ones back
                    + ";DB_CLOSE_DELAY=-1";
            return new FreshStore(new SimpleDriverDataSource(DriverManager.getDriver(url), url, "sa", ""), "h2");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies the gateway's migrations up to {@code version} (null: all), as the gateway does at start-up. */
    public FreshStore migrate(String version) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/" + vendor);
        if (version != null) config.target(version);
        config.load().migrate();
        return this;
    }
}

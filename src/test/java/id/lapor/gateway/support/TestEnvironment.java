package id.lapor.gateway.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives every Spring test context its own store and points it at the test simulator. With
 * {@code -Dtest.db=postgres} (Maven profile postgres) the store is a fresh schema in the PostgreSQL
 * at 127.0.0.1:5432/test; otherwise an H2 file database under target/test-data.
 */
public class TestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PG_URL = System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getProperty("test.pg.user", "postgres");

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("test.db", "h2"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext ctx) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> p = new HashMap<>();
        p.put("gateway.data-dir", Path.of("target", "test-data", id).toAbsolutePath().toString());
        p.put("lapor.base-url", TestSimulator.get().baseUrl());
        if (postgres()) {
            String schema = freshSchema(id);
            p.put("spring.datasource.url", PG_URL + "?currentSchema=" + schema);
            p.put("spring.datasource.username", PG_USER);
            p.put("spring.datasource.password", "");
        }
        ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-environment", p));
    }

    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        // schemas of this JVM are dropped when it ends, so repeated runs do not pile them up
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (CREATED.isEmpty()) return;
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
                for (String schema : CREATED) s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop test schemas " + CREATED + ": " + e.getMessage());
            }
        }));
    }

    /** Creates schema t_<id> in the test PostgreSQL and returns its name. */
    public static String freshSchema(String id) {
        String schema = "t_" + id.replaceAll("[^a-z0-9]", "");
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test run needs " + PG_URL + " (user " + PG_USER + "): " + e.getMessage(), e);
        }
        CREATED.add(schema);
        return schema;
    }
}

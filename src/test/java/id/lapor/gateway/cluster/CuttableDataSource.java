package id.lapor.gateway.cluster;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;

/**
 * A data source whose connection to the store can be cut, as a node losing its database sees it: new
 * connections either fail at once ({@link Cut#REFUSED}, the server or the route to it went away and says
 * so) or never come back ({@link Cut#BLACK_HOLE}, packets dropped: a call hangs until {@link #restore()}).
 * Every call of the tests' stores takes a new connection (SimpleDriverDataSource), so a cut applies to
 * the next statement.
 */
final class CuttableDataSource extends DelegatingDataSource {

    enum Cut { REFUSED, BLACK_HOLE }

    private volatile Cut cut;
    private volatile CountDownLatch hole = new CountDownLatch(1);

    CuttableDataSource(DataSource store) {
        super(store);
    }

    void cut(Cut how) {
        hole = new CountDownLatch(1);
        cut = how;
    }

    void restore() {
        cut = null;
        hole.countDown();
    }

    @Override
    public Connection getConnection() throws SQLException {
        check();
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        check();
        return super.getConnection(username, password);
    }

    private void check() throws SQLException {
        Cut now = cut;
        if (now == Cut.REFUSED) throw new SQLTransientConnectionException("connection refused (test cut)", "08001");
        if (now == Cut.BLACK_HOLE) {
            try {
                hole.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLTransientConnectionException("connection timed out (test cut)", "08001");
        }
    }
}

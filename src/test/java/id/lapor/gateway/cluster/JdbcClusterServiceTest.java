package id.lapor.gateway.cluster;

import id.lapor.gateway.support.FreshStore;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static id.lapor.gateway.cluster.SingletonTicks.leads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link JdbcClusterService} under Camel's {@code master:} component, as routes/*.yaml use it: two nodes
 * (Camel contexts, each with its own service and its own connection to one store: H2, or PostgreSQL with
 * -Ppostgres) run a {@code master:} timer route; each tick is recorded with its node and time. Only one
 * node ticks at a time, another takes over when the leader stops, and a leader cut from the database
 * (connections refused, or hanging for ever) stops ticking before the other node starts.
 */
class JdbcClusterServiceTest {

    /** Short for a test: the leader gives up 2 s after its last renewal started, others take over after 3 s. */
    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(3), Duration.ofMillis(500));

    private final SingletonTicks ticks = new SingletonTicks();
    private final List<CamelContext> nodes = new ArrayList<>();
    private final List<CuttableDataSource> links = new ArrayList<>();
    private final FreshStore store = FreshStore.create().migrate(null);

    @AfterEach
    void stop() {
        links.forEach(CuttableDataSource::restore);
        nodes.forEach(CamelContext::stop);
    }

    private CamelContext node(String name, CuttableDataSource link) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addService(new JdbcClusterService(name, link, TIMES, "postgresql".equals(store.vendor()), Clock.systemUTC()));
        ticks.addTo(camel, name);
        camel.start();
        nodes.add(camel);
        return camel;
    }

    private CuttableDataSource link() {
        CuttableDataSource link = new CuttableDataSource(store.dataSource());
        links.add(link);
        return link;
    }

    @Test
    void oneNodeRunsTheSingletonAndAnotherTakesOverWhenItStops() throws Exception {
        CamelContext a = node("node-a", link());
        CamelContext b = node("node-b", link());
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(a) || leads(b));
        CamelContext leader = leads(a) ? a : b;
        CamelContext other = leader == a ? b : a;
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() > 5);
        for (int i = 0; i < 20; i++) {
            assertThat(leads(a) && leads(b)).as("two leaders").isFalse();
            Thread.sleep(50);
        }
        String leaderName = leader == a ? "node-a" : "node-b";
        assertThat(ticks.all()).extracting(SingletonTicks.Tick::node).containsOnly(leaderName);

        leader.stop(); // graceful: the lock row is deleted, the other node need not wait for the lease
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(other));
        long before = ticks.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() > before + 5);
        assertThat(ticks.all()).extracting(SingletonTicks.Tick::node).contains(leader == a ? "node-b" : "node-a");
    }

    @ParameterizedTest(name = "database {0}")
    @EnumSource(CuttableDataSource.Cut.class)
    void aLeaderCutFromTheDatabaseStopsItsSingletonBeforeAnotherNodeStartsIt(CuttableDataSource.Cut how) throws Exception {
        CuttableDataSource aLink = link();
        CamelContext a = node("node-a", aLink);
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(a));
        CamelContext b = node("node-b", link());
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() > 5);

        aLink.cut(how);
        await().atMost(Duration.ofSeconds(30)).until(() -> leads(b));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.of("node-b").count() > 5);
        long bFirst = ticks.of("node-b").mapToLong(SingletonTicks.Tick::nanos).min().orElseThrow();

        assertThat(leads(a)).as("node-a, still cut, leads").isFalse();
        assertThat(SingletonGuard.leads(a, "singleton")).as("node-a's guard, still cut").isFalse();
        assertThat(SingletonGuard.leads(b, "singleton")).as("node-b's guard").isTrue();
        long aLast = ticks.of("node-a").mapToLong(SingletonTicks.Tick::nanos).max().orElseThrow();
        assertThat(aLast).as("node-a's last tick came before node-b's first").isLessThan(bFirst);
        assertThat(ticks.of("node-a").filter(t -> t.nanos() > bFirst)).isEmpty();

        // back on the database, node-a waits as a follower: node-b keeps the lead
        aLink.restore();
        Thread.sleep(TIMES.lease().toMillis());
        assertThat(leads(b)).isTrue();
        assertThat(leads(a)).isFalse();
    }
}

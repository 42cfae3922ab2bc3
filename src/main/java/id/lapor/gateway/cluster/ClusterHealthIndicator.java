package id.lapor.gateway.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.camel.component.master.MasterEndpoint;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /actuator/health/cluster}: which singleton consumers ({@code master:} routes) this node leads.
 * Always UP (following is as healthy as leading; the store's own check covers a lost database). Details:
 * {@code node} (gateway.instance), {@code service} (file, jdbc or kubernetes), {@code leads} (route ids this
 * node runs), {@code follows} (route ids another node runs), and per route its {@code master:} namespace
 * and whether it leads; for {@code jdbc} also the lease arithmetic ({@link LeaseTimes}).
 */
public class ClusterHealthIndicator implements HealthIndicator {

    private final CamelClusterService service;
    private final Supplier<CamelContext> camel;

    /**
     * @param service the cluster service behind the {@code master:} routes
     * @param camel   the running Camel context (asked at each call)
     */
    public ClusterHealthIndicator(CamelClusterService service, Supplier<CamelContext> camel) {
        this.service = service;
        this.camel = camel;
    }

    @Override
    public Health health() {
        Map<String, Object> routes = new TreeMap<>();
        List<String> leads = new ArrayList<>();
        List<String> follows = new ArrayList<>();
        for (Route route : camel.get().getRoutes()) {
            if (!(route.getEndpoint() instanceof MasterEndpoint endpoint)) continue;
            boolean leading = route.getConsumer() instanceof MasterConsumer m && m.isMaster();
            (leading ? leads : follows).add(route.getRouteId());
            routes.put(route.getRouteId(), Map.of("namespace", endpoint.getNamespace(), "leading", leading));
        }
        Health.Builder b = Health.up().withDetail("node", service.getId()).withDetail("service", kind())
                .withDetail("leads", leads).withDetail("follows", follows).withDetail("singletons", routes);
        if (service instanceof JdbcClusterService jdbc) {
            b.withDetail("lease", jdbc.times().lease().toString()).withDetail("renew", jdbc.times().renew().toString())
                    .withDetail("giveUpAfter", jdbc.times().giveUpAfter().toString());
        }
        return b.build();
    }

    private String kind() {
        String name = service.getClass().getSimpleName();
        if (service instanceof JdbcClusterService) return "jdbc";
        if (name.startsWith("Kubernetes")) return "kubernetes";
        if (name.startsWith("FileLock")) return "file";
        return name;
    }
}

package id.lapor.gateway.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per Camel route, since this node started: how many exchanges it took, how many failed, and when the
 * last one finished, for Kesehatan.
 *
 * <p>Counts come from the meters camel-micrometer's route policy already registers for every route
 * ({@code camel.exchanges.total}, {@code camel.exchanges.failed}, {@code camel.exchanges.failures.handled},
 * tag {@code routeId}; see the camel-micrometer component docs, "MicrometerRoutePolicyFactory"). The last
 * time is kept here because camel-micrometer only has one gauge for the whole context
 * ({@code camel.exchanges.last.timestamp}) and camel-management (JMX ManagedRoute) is not on the class
 * path: a route policy on every route (a {@link RoutePolicyFactory} bean, which camel-spring-boot adds to
 * the context like camel-micrometer's own) notes when each route last finished an exchange, also a route
 * called through {@code direct:} by another one.
 */
@Component
public class RouteActivity implements RoutePolicyFactory {

    /** One route's figures; {@code lastAt} null when it has taken nothing since start. */
    public record Figures(long total, long failed, long handled, Instant lastAt) {

        /** Failed (not handled) exchanges per exchange taken; 0 when none were taken. */
        public double errorRate() {
            return total == 0 ? 0 : (double) failed / total;
        }
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public RouteActivity(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                last.put(r.getRouteId(), clock.instant());
            }
        };
    }

    private long count(String name, String routeId) {
        double sum = 0;
        for (Counter c : meters.find(name).tag("routeId", routeId).counters()) sum += c.count();
        return (long) sum;
    }

    /** The route's figures now. */
    public Figures figures(String routeId) {
        return new Figures(count("camel.exchanges.total", routeId), count("camel.exchanges.failed", routeId),
                count("camel.exchanges.failures.handled", routeId), last.get(routeId));
    }
}

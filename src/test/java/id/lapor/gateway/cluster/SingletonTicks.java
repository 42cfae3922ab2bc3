package id.lapor.gateway.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.master.MasterConsumer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * A {@code master:letters:timer:} route (id {@code singleton}) per test node, as routes/*.yaml use {@code master:},
 * recording each tick with its node and {@link System#nanoTime()}: who ran the singleton, and when.
 */
final class SingletonTicks {

    record Tick(String node, long nanos) {}

    private final Queue<Tick> ticks = new ConcurrentLinkedQueue<>();

    /** Adds the route to {@code camel} (started with the context). */
    void addTo(CamelContext camel, String node) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:letters:timer:tick?period=50").routeId("singleton")
                        .process(e -> ticks.add(new Tick(node, System.nanoTime())));
            }
        });
    }

    Stream<Tick> all() {
        return ticks.stream();
    }

    Stream<Tick> of(String node) {
        return ticks.stream().filter(t -> t.node().equals(node));
    }

    int size() {
        return ticks.size();
    }

    /** Whether {@code node}'s singleton consumer runs (its {@code MasterConsumer} leads). */
    static boolean leads(CamelContext node) {
        return node.getRoute("singleton").getConsumer() instanceof MasterConsumer m && m.isMaster();
    }
}

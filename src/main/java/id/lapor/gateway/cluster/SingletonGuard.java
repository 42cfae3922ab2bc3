package id.lapor.gateway.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.master.MasterConsumer;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether this node still leads a singleton ({@code master:}) route, asked by that route's own bean before an
 * outside side effect (a getUpdates call, say) in the middle of a tick.
 *
 * <p>Why: losing the lead stops the route's consumer, so no new tick starts, but a tick already running goes
 * on. A leader whose database hung is stuck in such a tick on a database call; when the database answers
 * again (minutes later, say) that tick would carry on with its outside calls although another node leads
 * the route by then. Seen in {@code DatabaseCutIT} (hang phase): node-1's Telegram tick, stuck reading the
 * offset, called getUpdates after the restore while node-2 was polling.
 */
public final class SingletonGuard {

    private SingletonGuard() {
    }

    /**
     * @param camel   the running Camel context (asked at each call; null before it exists)
     * @param routeId the singleton route
     * @return true while the route's {@code master:} consumer leads; true also when the route is not a
     *         {@code master:} route or not (yet) there (then there is nothing to guard); false when the context
     *         is not there
     */
    public static boolean leads(CamelContext camel, String routeId) {
        if (camel == null) return false;
        Route route = camel.getRoute(routeId);
        if (route == null) return true;
        return !(route.getConsumer() instanceof MasterConsumer m) || m.isMaster();
    }

    /** {@link #leads(CamelContext, String)} as a supplier over a context looked up at each call. */
    public static BooleanSupplier of(Supplier<CamelContext> camel, String routeId) {
        return () -> leads(camel.get(), routeId);
    }
}

package id.lapor.gateway.support;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The store going down under the channel routes: AdviceWith swaps the call to the shared intake in
 * a route (the one entry, {@code normalise}, which every channel ends with) for {@code direct:store-down}, which fails as a refused database connection does, and
 * {@link #restore} puts the real intake back for the other tests sharing the context.
 */
public final class StoreDown {

    private StoreDown() {}

    public static void under(CamelContext camel, String routeId) throws Exception {
        camel.getRouteController().stopRoute(routeId);
        AdviceWith.adviceWith(camel, routeId, a -> a.weaveByToUri("direct:complaint-intake").replace().to("direct:store-down"));
        if (camel.getRoute("store-down") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:store-down").routeId("store-down")
                            .throwException(new CannotCreateTransactionException("connection refused"));
                }
            });
        }
    }

    public static void restore(CamelContext camel, String routeId) throws Exception {
        AdviceWith.adviceWith(camel, routeId, a -> a.weaveByToUri("direct:store-down").replace().to("direct:complaint-intake"));
    }
}

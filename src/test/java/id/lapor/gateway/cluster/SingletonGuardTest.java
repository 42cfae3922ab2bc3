package id.lapor.gateway.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SingletonGuard} outside a {@code master:} route (inside one: {@link JdbcClusterServiceTest}). */
class SingletonGuardTest {

    @Test
    void onlyAMasterRouteThatDoesNotLeadIsGuardedAgainst() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:plain?period=60000").routeId("plain").log("tick");
                }
            });
            camel.start();
            assertThat(SingletonGuard.leads(camel, "plain")).as("a route on every node").isTrue();
            assertThat(SingletonGuard.leads(camel, "absent")).as("a route that is not there").isTrue();
        }
        assertThat(SingletonGuard.leads(null, "plain")).as("no Camel context (yet)").isFalse();
    }
}

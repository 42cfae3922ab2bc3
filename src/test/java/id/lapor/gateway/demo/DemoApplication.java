package id.lapor.gateway.demo;

import id.lapor.gateway.GatewayApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code bin/demo}'s entry point (test tree, never in the production jar): the gateway
 * ({@link GatewayApplication}) plus {@link DemoConfiguration} (simulators, demo feeders) with the
 * {@code demo} profile, whose {@code application-demo.yaml} adds the routes of
 * {@code classpath:demo-routes/*.yaml}. Arguments are Spring Boot's ({@code --name=value}).
 */
public final class DemoApplication {

    private DemoApplication() {}

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayApplication.class, DemoConfiguration.class).profiles("demo").run(args);
    }
}

package id.lapor.gateway.demo;

import id.lapor.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Demo mode only: once the gateway is up, says where the admin console is and how to log in (the
 * demo's users and passwords come from application-demo.yaml unless the environment overrides them).
 * A bean of {@link DemoConfiguration} only (not a component: the gateway's scan must not find it in tests).
 */

public class DemoConsoleBanner {

    private static final Logger log = LoggerFactory.getLogger(DemoConsoleBanner.class);

    private final GatewayProperties props;

    public DemoConsoleBanner(GatewayProperties props) {
        this.props = props;
    }

    @EventListener
    public void ready(ApplicationReadyEvent e) {
        int port = e.getApplicationContext() instanceof WebServerApplicationContext w ? w.getWebServer().getPort() : 8080;
        GatewayProperties.Security s = props.security();
        log.info("Admin console: http://localhost:{}/  log in as {} / {} (ADMIN), {} / {} (OPS) or {} / {} (CLERK)", port,
                s.admin().username(), s.admin().password(), s.ops().username(), s.ops().password(),
                s.clerk().username(), s.clerk().password());
        // the same on its own lines, so a newcomer finds it between the log lines (demo users only)
        System.out.printf("%n  ==> Demo ready. Console: http://localhost:%d/  (%s / %s, %s / %s, %s / %s)%n%n", port,
                s.admin().username(), s.admin().password(), s.ops().username(), s.ops().password(),
                s.clerk().username(), s.clerk().password());
    }
}

package id.lapor.gateway.console;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /kesehatan} (OPS): the tiles of Beranda with every health indicator's details, the overall
 * status of {@code /actuator/health} (the same {@link HealthEndpoint}), and each Camel route's state.
 */
@Controller
public class HealthPages {

    /** One Camel route: id, where it reads from, and its state (Started, Stopped, Suspended…). */
    public record RouteRow(String id, String from, String status) {}

    private final HealthView health;
    private final HealthEndpoint endpoint;
    private final CamelContext camel;
    private final Clock clock;

    public HealthPages(HealthView health, HealthEndpoint endpoint, CamelContext camel, Clock clock) {
        this.health = health;
        this.endpoint = endpoint;
        this.camel = camel;
        this.clock = clock;
    }

    @GetMapping("/kesehatan")
    public String page(Model model) {
        HealthComponent overall = endpoint.health();
        model.addAttribute("overall", overall.getStatus().getCode());
        model.addAttribute("tiles", health.tiles());
        List<RouteRow> routes = camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(r -> {
            ServiceStatus s = camel.getRouteController().getRouteStatus(r.getRouteId());
            String from = r.getEndpoint() == null ? "" : r.getEndpoint().getEndpointBaseUri();
            // never show credentials an endpoint URI might carry
            return new RouteRow(r.getRouteId(), from.replaceAll("//[^/@]*@", "//"), s == null ? "?" : s.name());
        }).toList();
        model.addAttribute("routes", routes);
        model.addAttribute("now", clock.instant());
        return "console/health";
    }
}

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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /kesehatan} (OPS): the tiles of Beranda with every health indicator's details and each
 * channel's last message time (from the ledger and quarantine, {@link ConsoleQueries#lastMessageAt()}),
 * the overall status of {@code /actuator/health} (the same {@link HealthEndpoint}), and each Camel
 * route's state, exchanges since start, error rate and last exchange time ({@link RouteActivity}), in words.
 */
@Controller
public class HealthPages {

    /**
     * One Camel route: id, where it reads from, its state (Started, Stopped, Suspended…), its figures since
     * start, and the error rate in words as a message key with arguments.
     */
    public record RouteRow(String id, String from, String status, RouteActivity.Figures figures, String rateKey, Object[] rateArgs) {}

    private final HealthView health;
    private final HealthEndpoint endpoint;
    private final CamelContext camel;
    private final Clock clock;
    private final RouteActivity activity;
    private final ConsoleQueries queries;

    public HealthPages(HealthView health, HealthEndpoint endpoint, CamelContext camel, Clock clock, RouteActivity activity,
                       ConsoleQueries queries) {
        this.health = health;
        this.activity = activity;
        this.queries = queries;
        this.endpoint = endpoint;
        this.camel = camel;
        this.clock = clock;
    }

    @GetMapping("/kesehatan")
    public String page(Model model) {
        HealthComponent overall = endpoint.health();
        model.addAttribute("overall", overall.getStatus().getCode());
        List<Tile> tiles = health.tiles();
        model.addAttribute("tiles", tiles);
        List<RouteRow> routes = camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(r -> {
            ServiceStatus s = camel.getRouteController().getRouteStatus(r.getRouteId());
            String from = r.getEndpoint() == null ? "" : r.getEndpoint().getEndpointBaseUri();
            // never show credentials an endpoint URI might carry
            RouteActivity.Figures f = activity.figures(r.getRouteId());
            return new RouteRow(r.getRouteId(), from.replaceAll("//[^/@]*@", "//"), s == null ? "?" : s.name(), f,
                    rateKey(f), new Object[] {f.total(), f.failed(), percent(f.errorRate()), f.handled()});
        }).toList();
        Map<String, Instant> last = new HashMap<>();
        queries.lastMessageAt().forEach((c, t) -> last.put(c.key(), t));
        model.addAttribute("lastMessage", last);
        Map<String, Boolean> showLast = new HashMap<>();
        tiles.forEach(t -> showLast.put(t.name(), showLastLine(t.reason(), last.get(t.name()) != null)));
        model.addAttribute("showLast", showLast);
        model.addAttribute("routes", routes);
        model.addAttribute("now", clock.instant());
        return "console/health";
    }

    /**
     * Whether a channel's tile gets its own "last message" line: not when its reason already says when the
     * last input came or that none ever did ({@code tile.ok}, {@code tile.quiet}, {@code tile.quiet.never}),
     * nor for a switched-off channel that never had any; yes for a tile whose reason is a fault (bind down,
     * mailbox refused…), where the last message time tells how long the channel has been deaf.
     */
    static boolean showLastLine(String reasonKey, boolean hasLast) {
        return switch (reasonKey) {
            case "tile.ok", "tile.quiet", "tile.quiet.never" -> false;
            case "tile.off" -> hasLast;
            default -> true;
        };
    }

    /** Message key of a route's error rate in words: none taken yet, none failed, some failed. */
    static String rateKey(RouteActivity.Figures f) {
        if (f.total() == 0) return "health.rate.none";
        return f.failed() == 0 ? "health.rate.clean" : "health.rate.failed";
    }

    /** A rate as a percentage with at most one decimal, e.g. "8,3%" (Indonesian decimal comma). */
    static String percent(double rate) {
        java.text.NumberFormat n = java.text.NumberFormat.getPercentInstance(
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
        n.setMaximumFractionDigits(1);
        return n.format(rate);
    }
}

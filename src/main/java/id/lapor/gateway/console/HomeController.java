package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.QuarantineStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@code GET /beranda} (OPS, ADMIN): today (since midnight in {@code gateway.zone}) and the last 7 days
 * per channel, the outbox backlog and its oldest age, parked complaints, open quarantine, complaints past
 * their SLA, and a green/amber/red tile per channel and for LAPOR!.
 */
@Controller
public class HomeController {

    private final ConsoleQueries queries;
    private final OutboxRepository outbox;
    private final QuarantineStore quarantine;
    private final HealthView health;
    private final ConsoleFormat format;
    private final Clock clock;

    public HomeController(ConsoleQueries queries, OutboxRepository outbox, QuarantineStore quarantine, HealthView health,
                          ConsoleFormat format, Clock clock) {
        this.queries = queries;
        this.outbox = outbox;
        this.quarantine = quarantine;
        this.health = health;
        this.format = format;
        this.clock = clock;
    }

    @GetMapping("/beranda")
    public String home(Model model) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(format.zone()).toLocalDate();
        Instant midnight = today.atStartOfDay(format.zone()).toInstant();
        Instant weekAgo = today.minusDays(6).atStartOfDay(format.zone()).toInstant();
        Map<Channel, ConsoleQueries.Counts> day = queries.counts(midnight, now.plusSeconds(1));
        Map<Channel, ConsoleQueries.Counts> week = queries.counts(weekAgo, now.plusSeconds(1));
        OutboxRepository.Stats s = outbox.stats();
        model.addAttribute("channels", Channel.values());
        model.addAttribute("day", day);
        model.addAttribute("week", week);
        model.addAttribute("backlog", s.backlog());
        model.addAttribute("oldestAge", s.oldestPendingCreatedAt() == null ? null
                : format.age(Duration.between(s.oldestPendingCreatedAt(), now)));
        model.addAttribute("parked", s.parked());
        model.addAttribute("openQuarantine", quarantine.countOpen());
        model.addAttribute("pastSla", queries.pastSla(now));
        model.addAttribute("tiles", health.tiles());
        model.addAttribute("now", now);
        return "console/home";
    }
}

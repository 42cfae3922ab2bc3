package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.forward.StatusSync;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tiles of Beranda and Kesehatan from the actuator's own health indicators (the same data as
 * {@code /actuator/health}): a channel's indicator is the one whose name starts with the channel's key
 * ({@code smsHealth}, {@code email}, {@code letters}, …), LAPOR!'s is {@code lapor}. A channel is on when
 * {@code channels.<key>.enabled} is true.
 */
@Component
public class HealthView {

    private final HealthContributorRegistry registry;
    private final Environment env;
    private final ConsoleQueries queries;
    private final OutboxRepository outbox;
    private final GatewayProperties props;
    private final ConsoleProperties console;
    private final Clock clock;
    private final ConsoleFormat format;
    private final StatusSync statusSync;

    public HealthView(ConsoleFormat format, HealthContributorRegistry registry, Environment env, ConsoleQueries queries, OutboxRepository outbox,
                      GatewayProperties props, ConsoleProperties console, Clock clock, StatusSync statusSync) {
        this.statusSync = statusSync;
        this.registry = registry;
        this.env = env;
        this.queries = queries;
        this.outbox = outbox;
        this.props = props;
        this.console = console;
        this.clock = clock;
        this.format = format;
    }

    /** True when {@code channels.<key>.enabled} is true ("letter" is configured as "letters"). */
    public boolean enabled(Channel c) {
        return env.getProperty("channels." + c.key() + ".enabled", Boolean.class,
                env.getProperty("channels." + c.key() + "s.enabled", Boolean.class, false));
    }

    Health health(String prefix) {
        for (NamedContributor<?> n : registry) {
            if (n.getName().toLowerCase(Locale.ROOT).startsWith(prefix) && n.getContributor() instanceof HealthIndicator h) {
                try {
                    return h.health();
                } catch (RuntimeException e) {
                    return Health.down(e).build();
                }
            }
        }
        return null;
    }

    /** One tile per channel, then LAPOR!. */
    public List<Tile> tiles() {
        Instant now = clock.instant();
        Map<Channel, Instant> last = queries.lastMessageAt();
        List<Tile> out = new ArrayList<>();
        Health chat = health("chat");
        for (Channel c : Channel.values()) {
            // Telegram and WhatsApp report inside the shared chat component, one entry each
            Health h = c == Channel.TELEGRAM || c == Channel.WHATSAPP ? TileRules.chatChannel(chat, c) : health(c.key());
            out.add(TileRules.channel(c, enabled(c), h, last.get(c), now, console.quietAfter(), format::time));
        }
        OutboxRepository.Stats s = outbox.stats();
        Duration age = s.oldestPendingCreatedAt() == null ? Duration.ZERO : Duration.between(s.oldestPendingCreatedAt(), now);
        out.add(TileRules.lapor(health("lapor"), s.parked(), statusSync.missing(10), age, props.health().outboxOldestMax()));
        return out;
    }
}

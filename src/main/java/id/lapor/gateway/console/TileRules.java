package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.forward.StatusSync;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a channel's or LAPOR!'s state becomes a tile colour and a reason in words (plain Java, no Spring
 * context). Red: the component's health indicator is DOWN (SMPP bind down, mailbox login refused,
 * letters folder or OCR missing; LAPOR! circuit open or unreachable). Amber: working but worth a look
 * (a quiet channel, LAPOR! half-open or rate-limited, parked complaints, an old backlog). Green otherwise;
 * grey when the channel is switched off.
 */
public final class TileRules {

    private TileRules() {}

    /**
     * @param health      the channel's health indicator result, or null when the channel has none
     * @param lastMessage newest complaint or quarantine item of the channel, or null if none ever
     * @param quietAfter  a channel with no input for this long is amber
     * @param time        how a time is written in the reason (the console's zone)
     */
    public static Tile channel(Channel channel, boolean enabled, Health health, Instant lastMessage, Instant now,
                               Duration quietAfter, java.util.function.Function<Instant, String> time) {
        String name = channel.key();
        List<String> details = details(health);
        if (!enabled) return new Tile(name, Tile.Colour.GREY, "tile.off", new Object[0], details);
        if (health != null && Status.DOWN.equals(health.getStatus())) {
            Object error = health.getDetails().getOrDefault("error", health.getDetails().get("problems"));
            String key = switch (channel) {
                case SMS -> "tile.sms.down";
                case EMAIL -> "tile.email.down";
                case LETTER -> "tile.letter.down";
                default -> "tile.channel.down";
            };
            return new Tile(name, Tile.Colour.RED, key, new Object[] {error == null ? "-" : String.valueOf(error)}, details);
        }
        if (lastMessage == null) return new Tile(name, Tile.Colour.AMBER, "tile.quiet.never", new Object[0], details);
        if (Duration.between(lastMessage, now).compareTo(quietAfter) > 0) {
            return new Tile(name, Tile.Colour.AMBER, "tile.quiet", new Object[] {time.apply(lastMessage), quietAfter.toHours()}, details);
        }
        return new Tile(name, Tile.Colour.GREEN, "tile.ok", new Object[] {time.apply(lastMessage)}, details);
    }

    /**
     * @param lapor      the {@code lapor} health indicator's result (circuit, reachable, last_probe_error, rate_limited_until)
     * @param parked     parked outbox rows
     * @param missing    complaints LAPOR! answered 404 for at their last status sync (listed in the details, and linked
     *                   as the tile's {@link Tile#tickets} whatever its reason); the reason
     *                   says {@code tile.lapor.missing}, or {@code tile.lapor.missingMore} when more are marked than
     *                   listed (args: count, listed tickets, how many listed)
     * @param oldestAge  age of the oldest complaint not yet forwarded
     * @param oldestMax  {@code gateway.health.outbox-oldest-max}
     */
    public static Tile lapor(Health lapor, long parked, StatusSync.Missing missing, Duration oldestAge, Duration oldestMax) {
        List<String> details = details(lapor);
        // the tickets LAPOR! no longer knows are linked whatever leads the tile (parked rows, the circuit, …), so that
        // one problem never hides where the admin acts on the other
        List<String> links = missing.tickets();
        if (missing.count() > 0) {
            details.add("lapor_missing: " + missing.count() + " (" + String.join(", ", missing.tickets())
                    + (missing.count() > missing.tickets().size() ? ", …" : "") + ")");
        }
        Map<String, Object> d = lapor == null ? Map.of() : lapor.getDetails();
        String circuit = String.valueOf(d.get("circuit"));
        if ("OPEN".equals(circuit) || "FORCED_OPEN".equals(circuit)) {
            return new Tile("LAPOR!", Tile.Colour.RED, "tile.lapor.open", new Object[] {d.getOrDefault("failed_calls_in_window", "?")}, details, links);
        }
        if (Boolean.FALSE.equals(d.get("reachable"))) {
            return new Tile("LAPOR!", Tile.Colour.RED, "tile.lapor.unreachable", new Object[] {d.getOrDefault("last_probe_error", "-")}, details, links);
        }
        if ("HALF_OPEN".equals(circuit)) return new Tile("LAPOR!", Tile.Colour.AMBER, "tile.lapor.halfOpen", new Object[0], details, links);
        if (d.get("rate_limited_until") != null) {
            return new Tile("LAPOR!", Tile.Colour.AMBER, "tile.lapor.rateLimited", new Object[] {d.get("rate_limited_until")}, details, links);
        }
        if (parked > 0) return new Tile("LAPOR!", Tile.Colour.AMBER, "tile.lapor.parked", new Object[] {parked}, details, links);
        if (missing.count() > 0) {
            // more marked than listed: the reason says the oldest are below, not all of them
            boolean more = missing.count() > missing.tickets().size();
            return new Tile("LAPOR!", Tile.Colour.AMBER, more ? "tile.lapor.missingMore" : "tile.lapor.missing",
                    new Object[] {missing.count(), String.join(", ", missing.tickets()), missing.tickets().size()},
                    details, links);
        }
        if (oldestAge.compareTo(oldestMax) > 0) {
            return new Tile("LAPOR!", Tile.Colour.AMBER, "tile.lapor.slow", new Object[] {oldestAge.toMinutes()}, details, links);
        }
        return new Tile("LAPOR!", Tile.Colour.GREEN, "tile.lapor.ok", new Object[0], details, links);
    }

    /**
     * A chat channel's own health out of the shared {@code chat} component (ChatHealthIndicator), whose
     * details hold one map per channel ({@code telegram: {status: DOWN, mode: polling, problems: […], …}}):
     * the status and details of that map, or null when the component or the channel's entry is missing.
     */
    public static Health chatChannel(Health chat, Channel channel) {
        if (chat == null || !(chat.getDetails().get(channel.key()) instanceof Map<?, ?> entry)) return null;
        Object status = entry.get("status");
        Health.Builder b = Health.status(status == null ? Status.UNKNOWN.getCode() : String.valueOf(status));
        entry.forEach((k, v) -> { if (!"status".equals(k)) b.withDetail(String.valueOf(k), v); });
        return b.build();
    }

    static List<String> details(Health h) {
        List<String> out = new ArrayList<>();
        if (h == null) return out;
        out.add("status: " + h.getStatus().getCode());
        h.getDetails().forEach((k, v) -> out.add(k + ": " + v));
        return out;
    }
}

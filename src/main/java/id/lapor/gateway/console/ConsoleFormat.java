package id.lapor.gateway.console;

import id.lapor.gateway.config.GatewayProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Formatting for the console's templates ({@code @consoleFormat} in Thymeleaf): times in the gateway's
 * zone ({@code gateway.zone}, WIB by default) as {@code yyyy-MM-dd HH:mm}, ages and sizes in short words.
 */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final ZoneId zone;

    public ConsoleFormat(GatewayProperties props) {
        this.zone = props.zone();
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code 2026-11-30 23:05} in the gateway's zone; empty for null. */
    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    /** Hour and minute with the zone's Indonesian abbreviation (CLDR: WIB, WITA, WIT; else the zone's short name). */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm z", java.util.Locale.forLanguageTag("id"));

    /** {@code 2026-11-30} in the gateway's zone; empty for null. */
    public String date(Instant at) {
        return at == null ? "" : DATE.format(at.atZone(zone));
    }

    /** {@code 14:05 WIB} in the gateway's zone; empty for null. */
    public String clock(Instant at) {
        return at == null ? "" : CLOCK.format(at.atZone(zone));
    }

    /** A share 0..1 as a percentage with one decimal in the reader's notation: {@code 89,2 %} (id), {@code 89.2 %} (en). */
    public String percent(double share) {
        return ReviewPages.pct(share) + " %";
    }

    /** {@code 3 j 05 m}, {@code 12 m}, {@code 40 d}: an age for a tile. */
    public String age(Duration d) {
        if (d == null) return "";
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " d";
        if (s < 3600) return (s / 60) + " m";
        if (s < 86_400) return (s / 3600) + " j " + String.format("%02d", (s % 3600) / 60) + " m";
        return (s / 86_400) + " h " + ((s % 86_400) / 3600) + " j";
    }

    /** Text with control characters written as {@code \\uXXXX} ({@link RawView#visible}). */
    public String visible(String s) {
        return RawView.visible(s);
    }

    /** {@code 1.2 MB}, {@code 340 KB}, {@code 12 B}. */
    public String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return Math.round(bytes / 1024.0) + " KB";
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}

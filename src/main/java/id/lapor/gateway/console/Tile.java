package id.lapor.gateway.console;

import java.util.List;

/**
 * One green/amber/red tile of Beranda and Kesehatan: a channel or LAPOR!, its colour, and the reason as a
 * message key with arguments (resolved in the reader's language by the template).
 *
 * @param name    display name (a channel's key or "LAPOR!")
 * @param colour  green (working), amber (needs a look), red (broken), grey (switched off)
 * @param reason  message key of the reason in words, e.g. {@code tile.sms.down}
 * @param args    arguments of the reason (a technical error text is passed as it is)
 * @param details the health indicator's details for Kesehatan, as "key: value" lines
 * @param tickets complaints the reason is about, shown as links to their pages (empty for most tiles)
 */
public record Tile(String name, Colour colour, String reason, Object[] args, List<String> details, List<String> tickets) {

    /** A tile whose reason names no complaint. */
    public Tile(String name, Colour colour, String reason, Object[] args, List<String> details) {
        this(name, colour, reason, args, details, List.of());
    }

    public enum Colour { GREEN, AMBER, RED, GREY;
        public String css() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

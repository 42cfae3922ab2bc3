package id.lapor.gateway.complaint;

/** The channel a complaint arrived on. The names are part of canonical JSON v1. */
public enum Channel {
    SMS, EMAIL, LETTER, TELEGRAM, WHATSAPP, SOCIAL;

    /** Lower-case name used in configuration keys, metric tags and URLs. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

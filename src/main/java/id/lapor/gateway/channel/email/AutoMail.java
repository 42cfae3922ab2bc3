package id.lapor.gateway.channel.email;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Recognises mail no person wrote to us: auto-replies (RFC 3834 Auto-Submitted, X-Autoreply,
 * X-Auto-Response-Suppress, out-of-office subjects), bulk and list mail (Precedence, List-Id),
 * bounces and receipts (multipart/report, mailer-daemon or postmaster senders, an empty return
 * path) and the gateway's own mail. Such mail is counted, never stored as a complaint, never answered.
 */
public final class AutoMail {

    private static final Pattern DAEMON = Pattern.compile("(?i)^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@.*");
    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "(?i)^\\s*(automatic reply|auto(matic)?[- ]?reply|autoreply|out of (the )?office|balasan otomatis|jawaban otomatis|"
                    + "undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail)\\b.*");

    private AutoMail() {}

    /**
     * Why this mail is not a complaint, or empty when a person wrote it.
     *
     * @param header     the values of a header by name (case-insensitive), empty list when absent
     * @param fromAddress the sender's address, lower-cased, or null
     * @param ownAddresses the complaint mailbox's own addresses, lower-cased
     */
    public static Optional<String> reason(Function<String, List<String>> header, String topMediaType, String fromAddress,
                                          String subject, List<String> ownAddresses) {
        String autoSubmitted = first(header, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("auto-submitted mail (Auto-Submitted: " + token(autoSubmitted) + ")");
        }
        String precedence = first(header, "Precedence");
        if (precedence != null && precedence.trim().toLowerCase(Locale.ROOT).matches("(bulk|junk|list|auto_reply)\\b.*")) {
            return Optional.of("bulk or list mail (Precedence: " + token(precedence) + ")");
        }
        if (first(header, "X-Autoreply") != null || first(header, "X-Autorespond") != null) return Optional.of("auto-reply (X-Autoreply)");
        if (first(header, "X-Auto-Response-Suppress") != null) return Optional.of("automated mail (X-Auto-Response-Suppress)");
        if (first(header, "List-Id") != null) return Optional.of("mailing-list mail (List-Id)");
        if (topMediaType != null && topMediaType.startsWith("multipart/report")) {
            return Optional.of("delivery or read report (multipart/report)");
        }
        if (fromAddress != null && DAEMON.matcher(fromAddress).matches()) return Optional.of("bounce from " + fromAddress.substring(0, fromAddress.indexOf('@')));
        String returnPath = first(header, "Return-Path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) return Optional.of("bounce (empty Return-Path)");
        if (fromAddress != null && ownAddresses.contains(fromAddress)) return Optional.of("mail from the gateway's own address (loop)");
        if (subject != null && AUTO_SUBJECT.matcher(subject).matches()) return Optional.of("auto-reply subject");
        return Optional.empty();
    }

    private static String first(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String token(String value) {
        String t = value.trim().split("[;\\s]", 2)[0];
        return t.length() > 40 ? t.substring(0, 40) : t;
    }
}

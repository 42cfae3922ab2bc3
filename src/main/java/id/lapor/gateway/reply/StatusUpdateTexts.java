package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintStatus;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The texts of status updates and of the BERHENTI / MULAI confirmations, from {@link StatusUpdateProperties}: a
 * channel's own text where it has one ({@code status-updates.channel-texts.<channel>}), else the shared one. Plain Java.
 *
 * <p>LAPOR!'s note (the latest {@code status_logs[].note}, the agency's follow-up) goes where the status text has
 * {@code {note}} (at its end when it has none) through the {@code note} template, cut, with "…" ("..." on SMS, as
 * "…" is not in the GSM 7-bit alphabet), until the whole text {@linkplain ReplyChannel#fits fits the channel}; it
 * is dropped entirely when not even one character of it fits. Before that, every run of 16 digits in it (a NIK, the
 * national identity number) is masked to its last four digits, as in the logs, so a NIK is never sent over SMS or any
 * other channel; on SMS (one line per message) its line breaks become spaces.
 */
public final class StatusUpdateTexts {

    /** A NIK: 16 digits not part of a longer number (as {@code ops.MaskingConverter} reads it). */
    private static final Pattern NIK = Pattern.compile("(?<![\\d-])\\d{12}(\\d{4})(?!\\d)");
    private static final String NOTE = "{note}";

    private final StatusUpdateProperties props;

    public StatusUpdateTexts(StatusUpdateProperties props) {
        this.props = props;
    }

    /**
     * The status update of {@code ticket} moved to {@code status}, for {@code channel}; empty when there is no text for
     * that status.
     *
     * @param laporId LAPOR!'s tracking number, or null
     * @param note    LAPOR!'s note, or null / blank for none
     * @param fits    whether a text goes out as one reply on the channel
     */
    public Optional<String> update(Channel channel, ComplaintStatus status, String ticket, Long laporId, String note,
                                   Predicate<String> fits) {
        StatusUpdateProperties.ChannelTexts own = props.of(channel);
        String template = own.texts() != null && own.texts().get(status) != null ? own.texts().get(status) : props.texts().get(status);
        if (template == null) return Optional.empty();
        String base = template.replace("{ticket}", ticket).replace("{lapor_id}", laporId == null ? "" : laporId.toString()).strip();
        if (!base.contains(NOTE)) base = base + NOTE;
        String clean = cleanNote(note, channel);
        if (clean.isEmpty()) return Optional.of(withNote(base, ""));
        String noteTemplate = own.note() != null ? own.note() : props.note();
        String whole = withNote(base, noteTemplate.replace(NOTE, clean));
        if (fits.test(whole)) return Optional.of(whole);
        // the longest prefix of the note that fits (binary search: fits is monotone in the length)
        String ellipsis = channel == Channel.SMS ? "..." : "\u2026"; // "…" is not in the GSM 7-bit alphabet
        int lo = 0;
        int hi = clean.length() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits.test(withNote(base, noteTemplate.replace(NOTE, cut(clean, mid, ellipsis))))) lo = mid;
            else hi = mid - 1;
        }
        return Optional.of(withNote(base, lo == 0 ? "" : noteTemplate.replace(NOTE, cut(clean, lo, ellipsis))));
    }

    private static String withNote(String base, String note) {
        return base.replace(NOTE, note).strip();
    }

    /** The answer to BERHENTI / STOP on {@code channel}. */
    public String stopped(Channel channel) {
        String own = props.of(channel).stopped();
        return own != null ? own : props.stopped();
    }

    /** The answer to MULAI / START on {@code channel}. */
    public String resumed(Channel channel) {
        String own = props.of(channel).resumed();
        return own != null ? own : props.resumed();
    }

    /** The first {@code n} characters (never half a surrogate pair), then the ellipsis. */
    private static String cut(String s, int n, String ellipsis) {
        return id.lapor.gateway.intake.TextHygiene.cut(s, n).stripTrailing() + ellipsis;
    }

    static String cleanNote(String note, Channel channel) {
        if (note == null || note.isBlank()) return "";
        String s = NIK.matcher(note.strip()).replaceAll("************$1");
        return channel == Channel.SMS ? s.replaceAll("\\s+", " ") : s.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n");
    }
}

package id.lapor.gateway.forward;

import id.lapor.gateway.intake.TextHygiene;
import id.lapor.gateway.complaint.ComplaintStatus;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * LAPOR! status names (an open set) onto the gateway's statuses. A name we do not know keeps the
 * complaint's current status and is still recorded as {@code lapor.status_name}, so nothing is lost
 * when LAPOR! adds a status. Names listed in {@code lapor.final-status-names} end status sync.
 */
public final class LaporStatusMapping {

    private static final Map<String, ComplaintStatus> KNOWN = Map.of(
            "belum terverifikasi", ComplaintStatus.FORWARDED,
            "terverifikasi", ComplaintStatus.VERIFIED,
            "dalam proses", ComplaintStatus.IN_PROGRESS,
            "selesai", ComplaintStatus.COMPLETED,
            "diarsipkan", ComplaintStatus.ARCHIVED,
            "ditolak", ComplaintStatus.REJECTED);

    private final Set<String> finalNames;

    public LaporStatusMapping(java.util.Collection<String> finalNames) {
        this.finalNames = finalNames.stream().map(LaporStatusMapping::key).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A known name maps to its status; an unknown name that operators listed as final completes the
     * complaint (so status sync stops asking); any other unknown name keeps the current status.
     */
    public ComplaintStatus map(String laporStatusName, ComplaintStatus current) {
        if (laporStatusName == null) return current;
        ComplaintStatus s = KNOWN.get(key(laporStatusName));
        if (s != null) return s;
        return isFinal(laporStatusName) ? ComplaintStatus.COMPLETED : current;
    }

    public boolean isFinal(String laporStatusName) {
        return laporStatusName != null && finalNames.contains(key(laporStatusName));
    }

    /** Longest status name kept ({@code lapor_status_name VARCHAR(64)}). */
    public static final int MAX_NAME = 64;

    /** Longest note kept ({@code complaint_status_history.note VARCHAR(2000)}). */
    public static final int MAX_NOTE = 2000;

    /**
     * LAPOR!'s status name as stored: cleaned as intake cleans text ({@link TextHygiene#clean}: NUL, which
     * PostgreSQL refuses in text, other control characters and lone surrogates removed), whitespace runs made one space, at most {@link #MAX_NAME} characters; null
     * when nothing is left. LAPOR!'s names are an open set: an overlong one must not stop status sync.
     */
    public static String cleanName(String name) {
        if (name == null) return null;
        String s = TextHygiene.clean(name).replaceAll("\\s+", " ");
        if (s.isEmpty()) return null;
        return TextHygiene.cut(s, MAX_NAME).strip();
    }

    /**
     * LAPOR!'s note as stored and told: cleaned as intake cleans text ({@link TextHygiene#clean}), at
     * most {@link #MAX_NOTE} characters (an emoji never cut in two); null when nothing is left. HTML is kept as text (the texts to
     * citizens are plain text; the console escapes it).
     */
    public static String cleanNote(String note) {
        if (note == null) return null;
        String s = TextHygiene.clean(note);
        if (s.isEmpty()) return null;
        return TextHygiene.cut(s, MAX_NOTE);
    }

    private static String key(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}

package id.lapor.gateway.forward;

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

    private static String key(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}

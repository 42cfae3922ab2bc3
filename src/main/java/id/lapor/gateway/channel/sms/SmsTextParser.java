package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CitizenCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a citizen meant by an SMS, tolerant of how people actually type: an optional leading keyword
 * (LAPOR, ADUAN, … from channel-config/sms.yaml), separators {@code # * . :} or spaces, optional
 * {@code NAMA#LOKASI#ISI} fields, RAHASIA / ANONIM markers; {@code CEK <ticket>} / {@code STATUS
 * <ticket>} asks for a status, {@code INFO} / {@code BANTUAN} for help, {@code BERHENTI} / {@code MULAI} stop and
 * resume status updates, but only when the whole
 * text is the command ({@link CitizenCommands}, the rule every channel shares); anything else is free
 * text, including a complaint that starts with "Cek" or "Status".
 */
public final class SmsTextParser {

    /** The parsed intent. */
    public sealed interface Intent {
        /** A complaint; {@code name} and {@code location} only when the citizen used the field form. */
        record Complaint(String content, String name, String location, boolean anonymous, boolean confidential) implements Intent {}

        /** CEK/STATUS: {@code ticket} says whether the typed ticket is valid, mistyped or missing. */
        record StatusQuery(Ticket.Parsed ticket) implements Intent {}

        record Help() implements Intent {}

        /** BERHENTI/STOP/UNREG: no more status updates to this number. */
        record StopUpdates() implements Intent {}

        /** MULAI/START/REG: status updates to this number again. */
        record ResumeUpdates() implements Intent {}

        /** Nothing but a keyword, markers or whitespace. */
        record Empty() implements Intent {}
    }

    private static final Pattern LEADING_WORD = Pattern.compile("^([\\p{L}]+)[\\s#*.:]*");
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("\\s*[#*]\\s*");
    private static final Set<String> CONFIDENTIAL = Set.of("RAHASIA");
    private static final Set<String> ANONYMOUS = Set.of("ANONIM", "ANONYMOUS");

    private final Set<String> keywords;

    public SmsTextParser(List<String> keywords) {
        this.keywords = keywords.stream().map(k -> k.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public Intent parse(String text) {
        Optional<CitizenCommands.Command> command = CitizenCommands.parse(text);
        if (command.isPresent()) {
            CitizenCommands.Command c = command.get();
            if (c instanceof CitizenCommands.Command.StatusQuery q) return new Intent.StatusQuery(q.ticket());
            if (c instanceof CitizenCommands.Command.StopUpdates) return new Intent.StopUpdates();
            if (c instanceof CitizenCommands.Command.ResumeUpdates) return new Intent.ResumeUpdates();
            return new Intent.Help();
        }
        String rest = text == null ? "" : text.strip();
        String first = leadingWord(rest);
        if (first != null && keywords.contains(first)) rest = afterLeadingWord(rest);

        boolean anonymous = false;
        boolean confidential = false;
        for (String w = leadingWord(rest); w != null; w = leadingWord(rest)) {
            if (CONFIDENTIAL.contains(w)) confidential = true;
            else if (ANONYMOUS.contains(w)) anonymous = true;
            else break;
            rest = afterLeadingWord(rest);
        }
        rest = rest.strip();
        if (rest.isEmpty()) return new Intent.Empty();

        List<String> fields = new ArrayList<>(List.of(FIELD_SEPARATOR.split(rest, 3)));
        fields.removeIf(String::isBlank);
        if (fields.size() == 3 && fields.get(0).length() <= 60 && fields.get(1).length() <= 120) {
            return new Intent.Complaint(fields.get(2), fields.get(0), fields.get(1), anonymous, confidential);
        }
        return new Intent.Complaint(rest, null, null, anonymous, confidential);
    }

    private static String leadingWord(String s) {
        var m = LEADING_WORD.matcher(s);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    private static String afterLeadingWord(String s) {
        var m = LEADING_WORD.matcher(s);
        return m.find() ? s.substring(m.end()) : s;
    }
}

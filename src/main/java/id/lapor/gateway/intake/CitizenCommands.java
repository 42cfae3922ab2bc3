package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Ticket;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reading of citizen commands, for every channel that takes them (SMS today; the e-mail
 * subject and the chat channels use the same rule when they answer commands): {@code CEK} /
 * {@code STATUS} ask for a ticket's status, {@code INFO} / {@code BANTUAN} / {@code HELP} for help,
 * {@code BERHENTI} / {@code STOP} / {@code UNREG} end the status updates the gateway pushes to this
 * reporter and {@code MULAI} / {@code START} / {@code REG} resume them (issue #16 item 9; UNREG/REG are
 * what Indonesian operators' SMS services use for unsubscribing, so citizens type them too).
 *
 * <p>A text is a command only when the <em>whole</em> text is one: the command word, then nothing or
 * one ticket-shaped token. "Cek kesehatan gratis di Puskesmas Ampenan ternyata dipungut…" or "Status
 * tanah makam Desa Kuripan diserobot…" are complaints that happen to start with the word (the fault
 * seen in RapidPro's keyword triggers, nyaruka/rapidpro#1270, fixed there the same way: "only the
 * keyword"). A ticket-shaped token is what someone types for a ticket: the {@value Ticket#LENGTH}
 * symbols of {@link Ticket} (valid or with a wrong check symbol, dashes and spaces allowed, as
 * {@link Ticket#parse} reads them), or one word of at most {@value #MAX_TOKEN} characters with a
 * digit in it (a ticket typed too short or too long, still answered as "tidak dikenal").
 * {@code INFO <ticket>} is a status query; {@code INFO} alone is help. Separators {@code # * . : ! ?} and
 * spaces may follow the word; trailing {@code . ! ?} are ignored. Words are matched without case.
 * Plain Java, no I/O.
 */
public final class CitizenCommands {

    /** What a command text asks. */
    public sealed interface Command {
        /** CEK/STATUS (or INFO with a ticket): {@code ticket} valid, mistyped or missing ({@link Ticket.Parsed.NotATicket}). */
        record StatusQuery(Ticket.Parsed ticket) implements Command {}

        /** INFO/BANTUAN/HELP with nothing after it. */
        record Help() implements Command {}

        /**
         * BERHENTI/STOP/UNREG, alone or with a ticket-shaped token: no more status updates to this reporter
         * on this channel (for every ticket: a ticket typed after it is not needed and not used).
         */
        record StopUpdates() implements Command {}

        /** MULAI/START/REG, alone or with a ticket-shaped token: status updates to this reporter again. */
        record ResumeUpdates() implements Command {}
    }

    /** Longest single token still read as a (mistyped) ticket when it has a digit. */
    static final int MAX_TOKEN = 12;

    private static final Set<String> STATUS_WORDS = Set.of("CEK", "STATUS");
    private static final Set<String> HELP_WORDS = Set.of("INFO", "BANTUAN", "HELP");
    private static final Set<String> STOP_WORDS = Set.of("BERHENTI", "STOP", "UNREG");
    private static final Set<String> RESUME_WORDS = Set.of("MULAI", "START", "REG");
    private static final Pattern COMMAND = Pattern.compile("^(\\p{L}+)(?:[\\s#*.:!?]+(.*))?$", Pattern.DOTALL);
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.!?\\s]+$");

    private CitizenCommands() {}

    /**
     * @param text the whole text as the citizen sent it (an SMS, a subject line, a chat message); may be null
     * @return the command, or empty when the text is not (only) a command: it is then a complaint or other text
     */
    public static Optional<Command> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = COMMAND.matcher(text.strip());
        if (!m.matches()) return Optional.empty();
        String word = m.group(1).toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word) || RESUME_WORDS.contains(word)) {
            String rest = m.group(2) == null ? "" : TRAILING_PUNCTUATION.matcher(m.group(2).strip()).replaceAll("");
            if (!rest.isEmpty() && Ticket.parse(rest) instanceof Ticket.Parsed.NotATicket && !isTicketShapedToken(rest)) {
                return Optional.empty();
            }
            return Optional.of(STOP_WORDS.contains(word) ? new Command.StopUpdates() : new Command.ResumeUpdates());
        }
        boolean status = STATUS_WORDS.contains(word);
        boolean help = HELP_WORDS.contains(word);
        if (!status && !help) return Optional.empty();
        String rest = m.group(2) == null ? "" : TRAILING_PUNCTUATION.matcher(m.group(2).strip()).replaceAll("");
        if (rest.isEmpty()) return Optional.of(status ? new Command.StatusQuery(new Ticket.Parsed.NotATicket()) : new Command.Help());
        Ticket.Parsed ticket = Ticket.parse(rest);
        if (!(ticket instanceof Ticket.Parsed.NotATicket)) return Optional.of(new Command.StatusQuery(ticket));
        if (isTicketShapedToken(rest)) return Optional.of(new Command.StatusQuery(ticket));
        return Optional.empty();
    }

    /** One word (no spaces) of at most {@value #MAX_TOKEN} characters that has a digit. */
    static boolean isTicketShapedToken(String s) {
        if (s.length() > MAX_TOKEN || s.chars().anyMatch(Character::isWhitespace)) return false;
        return s.chars().anyMatch(Character::isDigit);
    }
}

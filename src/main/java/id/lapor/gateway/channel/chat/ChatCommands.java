package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CitizenCommands;
import id.lapor.gateway.reply.CitizenReplies;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a chat message may be, answered on their own and never part of a conversation: the
 * bot commands {@code /start} and {@code /help} (Bot API "Commands": {@code /command[@botname] [args]};
 * any other slash command gets the help text too), and {@code CEK <ticket>} / {@code INFO} with or
 * without a slash, read by the one rule of every channel ({@link CitizenCommands}: only when the whole
 * text is the command), and BERHENTI/STOP / MULAI/START (status updates off / on again, answered by the
 * caller through {@link id.lapor.gateway.reply.StatusUpdates#optOut}; {@code /start} stays the bot's help). A confidential complaint's status is told only to the chat user that sent it.
 * Plain Java; the ticket look-up is given.
 */
public final class ChatCommands {

    /**
     * One answer to queue.
     *
     * @param ticket  the ticket asked about when valid; null for help or a mistyped ticket
     * @param body    the text to queue; null for {@link CitizenReplies.Kind#OPT_OUT} (the confirmation is
     *                {@link id.lapor.gateway.reply.StatusUpdates#optOut}'s, which queues it itself)
     * @param updates for BERHENTI/STOP ({@link Updates#STOP}) or MULAI/START ({@link Updates#RESUME}); null otherwise
     */
    public record Answer(CitizenReplies.Kind kind, String ticket, String body, Updates updates) {
        public Answer(CitizenReplies.Kind kind, String ticket, String body) {
            this(kind, ticket, body, null);
        }

        /** Whether the caller records an opt-out (or its end) instead of queueing {@link #body}. */
        public boolean optOut() {
            return updates != null;
        }
    }

    /** What BERHENTI / MULAI ask of the status updates. */
    public enum Updates { STOP, RESUME }

    private static final Pattern SLASH = Pattern.compile("^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?:\\s+(.*))?$", Pattern.DOTALL);
    private static final Set<String> HELP = Set.of("start", "help", "bantuan", "info", "menu");

    private final ChatReplyTexts texts;
    private final Function<String, Optional<Complaint>> find;

    /** @param find the complaint on record under a ticket (the ledger) */
    public ChatCommands(ChatReplyTexts texts, Function<String, Optional<Complaint>> find) {
        this.texts = texts;
        this.find = find;
    }

    /**
     * The answer when {@code text} is a command, empty when it is not (then it is part of a conversation).
     *
     * @param recipient the sender's {@code channelUserId} (telegram:…, whatsapp:+62…): the confidential check
     */
    public Optional<Answer> answer(String text, String recipient) {
        if (text == null) return Optional.empty();
        String t = text.strip();
        Matcher slash = SLASH.matcher(t);
        if (slash.matches()) {
            String word = slash.group(1).toLowerCase(Locale.ROOT);
            String rest = slash.group(2) == null ? "" : slash.group(2).strip();
            if (HELP.contains(word) && (rest.isEmpty() || word.equals("start"))) return Optional.of(help());
            Optional<CitizenCommands.Command> c = CitizenCommands.parse(word + (rest.isEmpty() ? "" : " " + rest));
            return Optional.of(c.map(x -> answer(x, recipient)).orElseGet(this::help));
        }
        return CitizenCommands.parse(t).map(c -> answer(c, recipient));
    }

    /** The reason a command is counted as an ignored input (it is answered, not a complaint). */
    public static String ignoreReason(Answer a) {
        if (a.optOut()) return a.updates() == Updates.STOP ? "status updates stopped" : "status updates resumed";
        return a.kind() == CitizenReplies.Kind.HELP ? "help request answered" : "status query answered";
    }

    private Answer help() {
        return new Answer(CitizenReplies.Kind.HELP, null, texts.help());
    }

    private Answer answer(CitizenCommands.Command command, String recipient) {
        if (command instanceof CitizenCommands.Command.Help) return help();
        if (command instanceof CitizenCommands.Command.StopUpdates) return new Answer(CitizenReplies.Kind.OPT_OUT, null, null, Updates.STOP);
        if (command instanceof CitizenCommands.Command.ResumeUpdates) return new Answer(CitizenReplies.Kind.OPT_OUT, null, null, Updates.RESUME);
        Ticket.Parsed parsed = ((CitizenCommands.Command.StatusQuery) command).ticket();
        if (parsed instanceof Ticket.Parsed.Valid v) {
            String ticket = v.ticket();
            String body = find.apply(ticket)
                    .filter(x -> !x.reporter().confidential() || recipient.equals(x.reporter().channelUserId()))
                    .map(texts::status).orElse(texts.notFound(ticket));
            return new Answer(CitizenReplies.Kind.STATUS, ticket, body);
        }
        if (parsed instanceof Ticket.Parsed.Mistyped m) return new Answer(CitizenReplies.Kind.STATUS, null, texts.unknownTicket(m.canonical()));
        return new Answer(CitizenReplies.Kind.STATUS, null, texts.unknownTicket("yang Anda ketik"));
    }
}

package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CitizenCommands;
import id.lapor.gateway.reply.CitizenReplies;

import java.util.Optional;
import java.util.function.Function;

/**
 * CEK/STATUS and INFO/BANTUAN on WhatsApp, read by the one rule of every channel
 * ({@link CitizenCommands}: only when the whole text is the command) and answered from the Indonesian
 * templates of {@code channel-config/whatsapp.yaml}. A confidential complaint's status is told only to
 * the number that sent it. No I/O but the ticket look-up it is given.
 */
public final class WhatsAppCommands {

    /**
     * @param recipient {@code whatsapp:+62…}
     * @param ticket    the ticket asked about when valid; null for help or a mistyped ticket
     */
    public record Answer(CitizenReplies.Kind kind, String recipient, String ticket, String body) {}

    private final WhatsAppReplyTexts texts;
    private final Function<String, Optional<Complaint>> find;

    /** @param find the complaint on record under a ticket (the ledger) */
    public WhatsAppCommands(WhatsAppReplyTexts texts, Function<String, Optional<Complaint>> find) {
        this.texts = texts;
        this.find = find;
    }

    /** The answer when {@code text} from {@code recipient} is a command; empty otherwise. */
    public Optional<Answer> answer(String recipient, String text) {
        Optional<CitizenCommands.Command> command = CitizenCommands.parse(text);
        if (command.isEmpty()) return Optional.empty();
        if (command.get() instanceof CitizenCommands.Command.Help) {
            return Optional.of(new Answer(CitizenReplies.Kind.HELP, recipient, null, texts.help()));
        }
        Ticket.Parsed parsed = ((CitizenCommands.Command.StatusQuery) command.get()).ticket();
        String ticket = null;
        String body;
        if (parsed instanceof Ticket.Parsed.Valid v) {
            ticket = v.ticket();
            body = find.apply(ticket)
                    .filter(c -> !c.reporter().confidential() || recipient.equals(c.reporter().channelUserId()))
                    .map(texts::status).orElse(texts.notFound(ticket));
        } else if (parsed instanceof Ticket.Parsed.Mistyped m) {
            body = texts.unknownTicket(m.canonical());
        } else {
            body = texts.unknownTicket("yang Anda ketik");
        }
        return Optional.of(new Answer(CitizenReplies.Kind.STATUS, recipient, ticket, body));
    }
}

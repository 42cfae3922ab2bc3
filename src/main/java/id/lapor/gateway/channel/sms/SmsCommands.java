package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.PhoneNumbers;
import id.lapor.gateway.reply.CitizenReplies;

import java.util.Optional;
import java.util.function.Function;

/**
 * The SMS commands, decided before normalising and with no I/O but the ticket look-up it is given:
 * {@code CEK <ticket>} / {@code STATUS <ticket>} are answered with the complaint's status (a confidential
 * complaint's only to the number that sent it; a ticket whose Damm check symbol fails is "tidak
 * dikenal"), {@code INFO} / {@code BANTUAN} with help; {@code BERHENTI} / {@code MULAI} switch status updates
 * ({@link #updatesSwitch}). Texts are the Indonesian templates of
 * {@code channel-config/sms.yaml} ({@link SmsReplyTexts}). A message that is no command gets no answer
 * and goes on to {@link SmsNormaliser}.
 */
public final class SmsCommands {

    /**
     * One answer to send back.
     *
     * @param recipient {@code tel:+62…} (E.164) of the sender
     * @param ticket    the ticket asked about when it is valid; null for help or a mistyped ticket
     * @param body      the reply text (one SMS)
     */
    public record Answer(CitizenReplies.Kind kind, String recipient, String ticket, String body) {}

    /**
     * BERHENTI ({@code stop}) or MULAI from {@code recipient}: the reception records it and queues the confirmation
     * ({@link id.lapor.gateway.reply.StatusUpdates#optOut}).
     */
    public record UpdatesSwitch(String recipient, boolean stop) {}

    private final SmsTextParser parser;
    private final SmsReplyTexts texts;
    private final Function<String, Optional<Complaint>> find;
    private final String senderRegion;

    /** @param find the complaint on record under a ticket (the ledger); sender numbers of type 0/2 read as Indonesian */
    public SmsCommands(SmsTextParser parser, SmsReplyTexts texts, Function<String, Optional<Complaint>> find) {
        this(parser, texts, find, PhoneNumbers.DEFAULT_REGION);
    }

    /**
     * @param find         the complaint on record under a ticket (the ledger)
     * @param senderRegion {@code channels.sms.sender-region}: region of TON 0/2 sender numbers ({@link PhoneNumbers#fromSmpp})
     */
    public SmsCommands(SmsTextParser parser, SmsReplyTexts texts, Function<String, Optional<Complaint>> find, String senderRegion) {
        this.senderRegion = senderRegion;
        this.parser = parser;
        this.texts = texts;
        this.find = find;
    }

    /** BERHENTI / MULAI from a phone number, or empty (not that command, or no number to answer). */
    public Optional<UpdatesSwitch> updatesSwitch(SmsMessage m) {
        if (m.problem() != null || m.text() == null || SmsNormaliser.isAlphanumeric(m.senderTon(), m.sender())) return Optional.empty();
        SmsTextParser.Intent intent = parser.parse(m.text());
        if (!(intent instanceof SmsTextParser.Intent.StopUpdates) && !(intent instanceof SmsTextParser.Intent.ResumeUpdates)) {
            return Optional.empty();
        }
        return PhoneNumbers.fromSmpp(m.sender(), m.senderTon(), senderRegion)
                .map(phone -> new UpdatesSwitch("tel:" + phone, intent instanceof SmsTextParser.Intent.StopUpdates));
    }

    /**
     * The answer to {@code m} when it is a command; empty when it is not (or cannot be answered: a
     * problem, no text, an alphanumeric sender or a sender that is no phone number).
     */
    public Optional<Answer> answer(SmsMessage m) {
        if (m.problem() != null || m.text() == null || SmsNormaliser.isAlphanumeric(m.senderTon(), m.sender())) return Optional.empty();
        Optional<String> phone = PhoneNumbers.fromSmpp(m.sender(), m.senderTon(), senderRegion);
        if (phone.isEmpty()) return Optional.empty();
        SmsTextParser.Intent intent = parser.parse(m.text());
        String recipient = "tel:" + phone.get();
        if (intent instanceof SmsTextParser.Intent.Help) {
            return Optional.of(new Answer(CitizenReplies.Kind.HELP, recipient, null, texts.help()));
        }
        if (!(intent instanceof SmsTextParser.Intent.StatusQuery q)) return Optional.empty();
        String ticket = null;
        String body;
        if (q.ticket() instanceof Ticket.Parsed.Valid v) {
            ticket = v.ticket();
            Optional<Complaint> c = find.apply(ticket);
            // a confidential complaint's status is told only to the number that sent it
            body = c.filter(x -> !x.reporter().confidential() || recipient.equals(x.reporter().channelUserId()))
                    .map(texts::status).orElse(texts.notFound(ticket));
        } else if (q.ticket() instanceof Ticket.Parsed.Mistyped mt) {
            body = texts.unknownTicket(mt.canonical());
        } else {
            body = texts.unknownTicket("yang Anda ketik");
        }
        return Optional.of(new Answer(CitizenReplies.Kind.STATUS, recipient, ticket, body));
    }
}

package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;

/**
 * A channel's typed raw payload, as the one entry into intake ({@code direct:normalise} in
 * {@code routes/intake.yaml}) needs to know it whatever the normaliser decides: which channel and
 * intake point it came from, the provider's id, and the bytes (with their media type) to quarantine
 * if it is refused. Every channel's payload implements it (SmsMessage, EmailMessage, LetterFile,
 * SocialReport; a Telegram update or a WhatsApp webhook entry next), so no route sets these as
 * exchange properties itself: {@link IntakeDispatcher#remember} keeps them.
 */
public interface IntakeInput {

    /** The channel; also picks the {@link ChannelNormaliser} that decides on this input. */
    Channel channel();

    /** The intake point (canonical {@code source.instance}), for example {@code smsc-1} or {@code loket-surat}. */
    String instance();

    /**
     * The provider's id of the input when it has one (SMPP message id, IMAP position, update_id,
     * wamid), kept with a quarantined input; null when there is none.
     */
    String externalId();

    /** The input's bytes exactly as received: what quarantine keeps and replay reads again; never null. */
    byte[] raw();

    /** The media type of {@link #raw()}, for example {@code message/rfc822} or {@code application/x-smpp-pdu}. */
    String rawMediaType();
}

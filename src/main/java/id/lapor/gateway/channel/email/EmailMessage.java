package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.IntakeInput;
import id.lapor.gateway.intake.TextFingerprint;

/**
 * The email channel's typed raw payload: one message as the mailbox holds it (RFC 5322 bytes, the
 * {@code .eml}) and where it was found. {@code uidValidity}/{@code uid} are 0 when unknown (a message
 * replayed from quarantine).
 */
public record EmailMessage(byte[] raw, String instance, String folder, long uidValidity, long uid) implements IntakeInput {

    public static final String MEDIA_TYPE = "message/rfc822";

    public EmailMessage {
        if (raw == null) raw = new byte[0];
    }

    public static EmailMessage of(byte[] raw, String instance) {
        return new EmailMessage(raw, instance, null, 0, 0);
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    /** What a quarantined mail is kept under: its {@link #positionId()} (the Message-ID is read by the normaliser). */
    @Override
    public String externalId() {
        return positionId();
    }

    @Override
    public String rawMediaType() {
        return MEDIA_TYPE;
    }

    /**
     * The provider id when the message has no Message-ID: its IMAP UID within the folder's UIDVALIDITY
     * (stable across polls, so a message processed again after a crash is recognised), else the sha256 of its bytes.
     */
    public String positionId() {
        if (uid > 0 && folder != null) return "imap:" + folder + ":" + uidValidity + ":" + uid;
        return "sha256:" + TextFingerprint.sha256Hex(raw);
    }
}

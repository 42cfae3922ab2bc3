package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.IntakeInput;
import id.lapor.gateway.intake.MediaTypes;

import java.time.Duration;
import java.time.LocalDate;

/**
 * Typed raw payload of the LETTER channel: one file as a scanner wrote it into the inbox folder or as
 * counter staff uploaded it, with what the clerk typed in at the counter (null for the folder).
 *
 * @param instance  the intake point ({@code channels.letters.instance}, canonical {@code source.instance})
 * @param filename  the file's name as written or uploaded; null when unknown (a replay from quarantine)
 * @param bytes     the file; never null (an empty file is a file of 0 bytes)
 * @param form      what counter staff entered beside an upload; null for a file from the folder
 * @param mediaType the file's media type detected from its bytes ({@link MediaTypes}, Tika magic numbers,
 *                  never the name); detected here when null, so a file is detected once
 * @param unsettledFor null for a file that settled (or an upload); for a file of the inbox that never
 *                  stopped changing, how long it was waited for before it was taken as it is
 *                  ({@link LetterReadLock}): such a file is refused, its bytes are not a whole letter
 */
public record LetterFile(String instance, String filename, byte[] bytes, CounterForm form, String mediaType,
                         Duration unsettledFor) implements IntakeInput {

    public LetterFile {
        bytes = bytes == null ? new byte[0] : bytes;
        if (mediaType == null) mediaType = MediaTypes.detect(bytes);
    }

    /** A whole file (settled, or uploaded). */
    public LetterFile(String instance, String filename, byte[] bytes, CounterForm form, String mediaType) {
        this(instance, filename, bytes, form, mediaType, null);
    }

    /** A file whose media type is detected from its bytes. */
    public LetterFile(String instance, String filename, byte[] bytes, CounterForm form) {
        this(instance, filename, bytes, form, null, null);
    }

    @Override
    public Channel channel() {
        return Channel.LETTER;
    }

    /** None: a letter has no provider id (its draft's external id is the file's sha256). */
    @Override
    public String externalId() {
        return null;
    }

    @Override
    public byte[] raw() {
        return bytes;
    }

    @Override
    public String rawMediaType() {
        return mediaType;
    }

    /**
     * What counter staff entered beside an upload. Every field is optional; what the clerk typed wins
     * over what is read off the letter.
     *
     * @param clerk the logged-in user who uploaded the letter (from the login, never from the form)
     */
    public record CounterForm(String reporterName, String address, String phone, String email, LocalDate dateReceived,
                              boolean anonymous, boolean confidential, String clerk) {

        /**
         * Whether a typed "date received" lies in the future: after tomorrow (a day's grace for zones) of {@code today}.
         * The console's form and {@code POST /api/letters} both refuse such a date (the API took 2999-01-01 before).
         */
        public static boolean receivedInFuture(LocalDate received, LocalDate today) {
            return received != null && received.isAfter(today.plusDays(1));
        }
    }
}

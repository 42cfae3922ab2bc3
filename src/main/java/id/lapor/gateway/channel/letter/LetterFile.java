package id.lapor.gateway.channel.letter;

import java.time.LocalDate;

/**
 * Typed raw payload of the LETTER channel: one file as a scanner wrote it into the inbox folder or as
 * counter staff uploaded it, with what the clerk typed in at the counter (null for the folder).
 */
public record LetterFile(String filename, byte[] bytes, CounterForm form) {

    public LetterFile {
        bytes = bytes == null ? new byte[0] : bytes;
    }

    /**
     * What counter staff entered beside an upload. Every field is optional; what the clerk typed wins
     * over what is read off the letter.
     *
     * @param clerk the logged-in user who uploaded the letter (from the login, never from the form)
     */
    public record CounterForm(String reporterName, String address, String phone, String email, LocalDate dateReceived,
                              boolean anonymous, boolean confidential, String clerk) {}
}

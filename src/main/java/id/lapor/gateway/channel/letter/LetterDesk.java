package id.lapor.gateway.channel.letter;

import id.lapor.gateway.intake.IntakeReceipt;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The counter's way into the LETTER channel, shared by {@code POST /api/letters}
 * ({@link LetterUploadController}) and the console's Surat page ({@code console.LetterPages}): one
 * uploaded file with what the clerk typed becomes a {@link LetterFile} sent to {@code direct:normalise}.
 * Screening (media type from the bytes, size limit {@code channels.letters.limits.max-file-bytes}, encrypted or
 * damaged files) is {@link LetterNormaliser}'s and {@link LetterReader}'s, so both entries refuse exactly
 * the same files for the same reasons and keep them in quarantine.
 */
@Component
@ConditionalOnProperty(name = "channels.letters.enabled", havingValue = "true")
public class LetterDesk {

    private final ProducerTemplate camel;
    private final String instance;

    public LetterDesk(ProducerTemplate camel, LetterProperties props) {
        this.camel = camel;
        this.instance = props.instance();
    }

    /**
     * Sends one uploaded file through intake and answers after its transaction committed.
     *
     * @param filename the name the browser sent (shown, never trusted for the type); may be null
     * @param bytes    the file's bytes
     * @param form     what the clerk entered; {@code clerk} is the uploading user's name
     * @return STORED with the new ticket, DUPLICATE_* with the earlier one, or QUARANTINED with the
     *         quarantine id and reason
     */
    public IntakeReceipt receive(String filename, byte[] bytes, LetterFile.CounterForm form) {
        return camel.requestBody("direct:normalise", new LetterFile(instance, filename, bytes, form), IntakeReceipt.class);
    }
}

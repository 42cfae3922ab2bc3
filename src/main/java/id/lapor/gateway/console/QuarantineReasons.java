package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Normalisation;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static id.lapor.gateway.console.StoredForms.Form.of;

/**
 * Quarantine reasons in the admin's language ({@code @quarantineReasons} in Thymeleaf).
 *
 * <p>The channels store why an input was refused as one short English line (the {@code reason} of a
 * {@code Normalisation.rejected}, an {@code UnreadableLetter}, {@code intake.quarantine}…): the REST API, the logs,
 * the metrics and the tests use that line, so it stays. The console shows it from the message bundle
 * ({@code qreason.*} keys) with the variable parts (sizes, limits, media types, names) carried over; the
 * detail of a third-party error (a parser's own message) is carried over as it is, after "Rincian teknis".
 * A reason of a form not in this table is shown as it is. Every form here is one {@code ReasonClass.X, "…"} site
 * of the channels, {@code intake} or the replay ({@code "CLASS: reason"}), or a reason a replay stores when the input
 * turns out not to be a complaint ({@code Normalisation.ignored}); {@code QuarantineReasonsTest} checks
 * the table against the reasons of the channel fixtures.</p>
 */
@Component("quarantineReasons")
public class QuarantineReasons {

    private final StoredForms forms;

    /** @param messages the console's message bundles ({@code qreason.*}, {@code reason.*} keys) */
    public QuarantineReasons(MessageSource messages) {
        List<StoredForms.Form> table = new ArrayList<>();
        // a replay that is refused again stores "CLASS: reason" (QuarantineReplay)
        String classes = Arrays.stream(Normalisation.ReasonClass.values()).map(Enum::name).collect(Collectors.joining("|"));
        table.add(of("(" + classes + "): (.+)", "qreason.replayed")
                .with(1, c -> messages.getMessage("reason." + c, null, c, org.springframework.context.i18n.LocaleContextHolder.getLocale()))
                .with(2, this::text));
        table.addAll(FORMS);
        // nested lines: the PDU's or the WhatsApp body's own fault, rendered by this same table
        table.add(of("malformed PDU: (.+)", "qreason.sms.malformedPdu").with(1, this::text));
        table.add(of("WhatsApp webhook unreadable: (.+)", "qreason.whatsapp.webhookUnreadable").with(1, this::text));
        this.forms = new StoredForms(messages, table);
    }

    /** The forms whose groups are shown as they are, narrower before wider. */
    static final List<StoredForms.Form> FORMS = List.of(
            // social (SocialNormaliser)
            of("empty body", "qreason.emptyBody"),
            of("body of (\\d+) bytes (?:exceeds|is over the limit of) (\\d+)", "qreason.social.bodyTooLarge"),
            of("unknown field '(.*)'", "qreason.social.unknownField"),
            of("not a social report JSON object: (.*)", "qreason.social.notJson"),
            of("platform is required", "qreason.social.platformRequired"),
            of("platform '(.*)' is not one of \\[(.*)\\]", "qreason.social.platformNotAllowed"),
            of("post_url must be an absolute http\\(s\\) URL", "qreason.social.postUrl"),
            of("post_url is longer than (\\d+) characters", "qreason.social.postUrlLong"),
            of("note is longer than (\\d+) characters", "qreason.social.noteLong"),
            of("text is required", "qreason.social.textRequired"),
            of("text of (\\d+) characters (?:exceeds|is over the limit of) (\\d+)", "qreason.textTooLong"),
            of("author_handle has characters a handle cannot have", "qreason.social.authorHandle"),
            of("posted_at is not an ISO-8601 date-time with offset", "qreason.social.postedAt"),
            of("posted_at is in the future", "qreason.social.postedAtFuture"),
            of("screenshot_base64 is not base64", "qreason.social.screenshotNotBase64"),
            of("screenshot of (\\d+) bytes (?:exceeds|is over the limit of) (\\d+)", "qreason.social.screenshotTooLarge"),
            // SMS: the PDU (SmsPdu, nested in "malformed PDU: …")
            of("PDU of (\\d+) octets is shorter than an SMPP header", "qreason.sms.pduShort"),
            of("command_length (\\d+) but (\\d+) octets", "qreason.sms.commandLength"),
            of("command_id (0x[0-9a-fA-F]+) is not deliver_sm", "qreason.sms.commandId"),
            of("deliver_sm field invalid: (.*)", "qreason.sms.fieldInvalid"),
            of("truncated deliver_sm \\((\\S+) while reading fields\\)", "qreason.sms.truncated"),
            // SMS: user data header and SAR TLVs (UserDataHeader, SmsDecoding)
            of("UDHI set but the message is empty", "qreason.sms.udhiEmpty"),
            of("UDH length (\\d+) exceeds the (\\d+)-octet message", "qreason.sms.udhLength"),
            of("UDH element at octet (\\d+) is truncated", "qreason.sms.udhTruncated"),
            of("UDH element (0x[0-9a-fA-F]+) overruns the header", "qreason.sms.udhOverrun"),
            of("concatenation element (0x[0-9a-fA-F]+) has length (\\d+), expected (\\d+)", "qreason.sms.concatLength"),
            of("concatenated message claims (-?\\d+) parts", "qreason.sms.concatParts"),
            of("part number (-?\\d+) outside 1\\.\\.(\\d+)", "qreason.sms.partNumber"),
            of("SAR TLVs incomplete: sar_msg_ref_num, sar_total_segments and sar_segment_seqnum go together", "qreason.sms.sarIncomplete"),
            of("SAR TLV with a wrong value length", "qreason.sms.sarLength"),
            of("concatenated message claims (\\d+) parts, more than the (\\d+) accepted", "qreason.sms.tooManyParts"),
            // SMS: text (SmsDecoding, SmsTextDecoder, SmsNormaliser)
            of("empty message", "qreason.emptyMessage"),
            of("UCS-2 part with an odd number of octets", "qreason.sms.ucs2PartOdd"),
            of("user data header longer than the message", "qreason.sms.udhLongerThanMessage"),
            of("8-bit binary data \\(data_coding (0x[0-9A-Fa-f]+)\\)", "qreason.sms.binary"),
            of("data_coding (0x[0-9A-Fa-f]+) is not supported", "qreason.sms.dataCoding"),
            of("octet above 0x7F in (?:unpacked )?(GSM-7|IA5) text", "qreason.sms.highOctet"),
            of("UCS-2 text with an odd number of octets \\((\\d+)\\)", "qreason.sms.ucs2Odd"),
            of("invalid UTF-16 \\(unpaired surrogate\\)", "qreason.sms.surrogate"),
            of("sender is not a phone number", "qreason.senderNotPhone"),
            of("empty message \\(only whitespace\\)", "qreason.sms.whitespace"),
            of("message has a keyword but no complaint text", "qreason.sms.keywordOnly"),
            // Telegram (TelegramNormaliser, TelegramUpdates)
            of("not JSON", "qreason.notJson"),
            of("not JSON \\((.*)\\)", "qreason.notJsonDetail"),
            of("not JSON: (.*)", "qreason.notJsonDetail"),
            of("an update is a JSON object", "qreason.telegram.updateNotObject"),
            of("no numeric update_id", "qreason.telegram.updateId"),
            of("edited_message without message_id", "qreason.telegram.editedWithoutId"),
            of("message is not an object", "qreason.telegram.messageNotObject"),
            of("message without (chat\\.id|from\\.id)", "qreason.telegram.messageWithout"),
            // chat channels (ChatDrafts)
            of("conversation without parts", "qreason.chat.noParts"),
            of("conversation without text, media or location", "qreason.chat.nothing"),
            // WhatsApp (WhatsAppParts, WhatsAppNormaliser; WhatsAppPayload nested in "WhatsApp webhook unreadable: …")
            of("object is not whatsapp_business_account", "qreason.whatsapp.object"),
            of("no entry array", "qreason.whatsapp.noEntry"),
            of("a message without id", "qreason.whatsapp.messageWithoutId"),
            of("message without id", "qreason.whatsapp.messageWithoutId"),
            of("WhatsApp message is not an object", "qreason.whatsapp.messageNotObject"),
            of("messages is not an array", "qreason.whatsapp.messagesNotArray"),
            of("handling failed (\\d+) times in a row \\((\\S+)\\); kept for replay once that is fixed", "qreason.chat.handlingFailed"),
            of("message id longer than (\\d+) characters", "qreason.whatsapp.idTooLong"),
            of("no message in the webhook body", "qreason.whatsapp.noMessage"),
            of("not a JSON object", "qreason.notJsonObject"),
            of("unreadable body: (.*)", "qreason.unreadableBody"),
            of("sender wa_id is not a phone number", "qreason.whatsapp.senderNotPhone"),
            of("(\\S+) message without media id", "qreason.whatsapp.noMediaId"),
            of("WhatsApp conversation unreadable: not a JSON array", "qreason.whatsapp.notArray"),
            // email (EmailNormaliser)
            of("message of (\\d+) bytes is over the limit of (\\d+)", "qreason.email.tooLarge"),
            of("not a readable mail message: (.*)", "qreason.email.unreadable"),
            of("no valid sender address \\(From\\)", "qreason.email.noSender"),
            of("encrypted S/MIME mail \\(enveloped-data\\): its text can only be read with the recipient's private key, "
                    + "which the gateway does not hold", "qreason.email.smime"),
            of("empty message: no text, no subject and no attachment kept", "qreason.email.empty"),
            of("empty message: no text, no subject and no attachment kept \\(left out: (.*)\\)", "qreason.email.emptyLeftOut"),
            // letters (ReadTimeLimit, LetterNormaliser, LetterReader)
            of("reading the file took longer than (\\S+) s \\(the limit per file\\); stopped so that the letters after it are read",
                    "qreason.letter.readTimeout"),
            of("the file was still changing after (\\d+) s \\(a copy or scan that never finished\\); refused as it was then, (\\d+) bytes",
                    "qreason.letter.unsettled"),
            of("phone is not a phone number", "qreason.letter.phone"),
            of("email is not an email address", "qreason.letter.email"),
            of("the letter reader failed on this file \\((\\S+)\\); kept for replay once that is fixed", "qreason.letter.readerFailed"),
            of("empty file \\(0 bytes\\)", "qreason.letter.emptyFile"),
            of("file of (\\d+) bytes is over the limit of (\\d+)", "qreason.letter.fileTooLarge"),
            of("the document is password-protected \\((.+)\\)", "qreason.letter.passwordDocument"),
            // executables get their own words: the newcomer's case, and the one admins must not open
            of("the content is (application/(?:x-msdownload|x-dosexec|x-executable|x-sharedlib|x-mach-binary|x-msdos-program"
                    + "|vnd\\.microsoft\\.portable-executable|java-archive|x-sh))(?:;[^,]*)?, "
                    + "not a letter \\(PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text\\)", "qreason.letter.program"),
            of("the content is (.+), not a letter \\(PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text\\)", "qreason.letter.notALetter"),
            of("no text on the page: it is blank or unreadable", "qreason.letter.blankPage"),
            of("no text on any of the (\\d+) pages: they are blank or unreadable", "qreason.letter.blankPages"),
            of("the PDF has no pages", "qreason.letter.pdfNoPages"),
            of("page (\\d+): image codec (.+) cannot be decoded", "qreason.letter.codec"),
            of("the (.+?) is encrypted with a password", "qreason.letter.encrypted"),
            of("the PDF needs more memory than a letter can have", "qreason.letter.pdfMemory"),
            of("the image needs more memory than a letter can have", "qreason.letter.imageMemory"),
            of("the (.+?) image cannot be decoded", "qreason.letter.imageUndecodable"),
            of("the (.+?) image has no pages", "qreason.letter.imageNoPages"),
            of("the (.+?) image is damaged: (.*)", "qreason.letter.imageDamaged"),
            of("the (.+?) is damaged: (.*)", "qreason.letter.damaged"),
            of("(\\d+) pages is over the limit of (\\d+)", "qreason.letter.tooManyPages"),
            of("page (\\d+) is (\\d+) megapixels at (\\d+) dpi, over the limit of (\\d+) "
                    + "\\(a decompression bomb or a poster, not a letter\\)", "qreason.letter.pixelsAtDpi"),
            of("page (\\d+) is (\\d+) megapixels, over the limit of (\\d+) "
                    + "\\(a decompression bomb or a poster, not a letter\\)", "qreason.letter.pixels"),
            of("OCR of page (\\d+) took longer than (\\S+) s", "qreason.letter.ocrTimeout"),
            of("page (\\d+) cannot be read by Tesseract: (.*)", "qreason.letter.ocrFailed"),
            of("more than (\\d+) characters of text: not a letter", "qreason.letter.tooMuchText"),
            of("the (.+?) expands like a decompression bomb: (.*)", "qreason.letter.bomb"),
            of("the (.+?) cannot be read: (.*)", "qreason.letter.unreadable"),
            // intake (ComplaintIntake, RepeatedFailures)
            of("canonical complaint invalid: (.*)", "qreason.intake.invalid"),
            of("intake failed on this input at (\\d+) attempts in a row \\((\\S+)\\); taken out so it no longer holds "
                    + "the channel, kept for replay once the cause is fixed", "qreason.intake.failedAttempts"),
            // not a complaint: what a replay stores when the normaliser now ignores the input (state IGNORED)
            of("delivery receipt", "qreason.ignored.receipt"),
            of("alphanumeric sender \\(operator message\\), not a citizen", "qreason.ignored.alphanumeric"),
            of("status query \\(CEK/STATUS\\), answered by SMS", "qreason.ignored.statusQuery"),
            of("help request \\(INFO/BANTUAN\\), answered by SMS", "qreason.ignored.help"),
            of("status updates switched \\(BERHENTI/MULAI\\), answered by SMS", "qreason.ignored.updatesSwitched"),
            of("no message to replay", "qreason.ignored.nothingToReplay"),
            of("greeting only, answered with help", "qreason.ignored.greeting"),
            of("webhook without messages", "qreason.ignored.noMessages"),
            of("auto-submitted mail \\(Auto-Submitted: (\\S+)\\)", "qreason.ignored.autoSubmitted"),
            of("bulk or list mail \\(Precedence: (\\S+)\\)", "qreason.ignored.bulk"),
            of("auto-reply \\(X-Autoreply\\)", "qreason.ignored.autoReply"),
            of("automated mail \\(X-Auto-Response-Suppress\\)", "qreason.ignored.automated"),
            of("mailing-list mail \\(List-Id\\)", "qreason.ignored.mailingList"),
            of("delivery or read report \\(multipart/report\\)", "qreason.ignored.report"),
            of("bounce from (\\S+)", "qreason.ignored.bounceFrom"),
            of("bounce \\(empty Return-Path\\)", "qreason.ignored.bounce"),
            of("mail from the gateway's own address \\(loop\\)", "qreason.ignored.loop"),
            of("auto-reply subject", "qreason.ignored.autoReplySubject"));

    /**
     * The reason for the console: a known form in the current locale's words, anything else unchanged.
     *
     * @param reason the stored reason; null or blank gives an empty string
     */
    public String text(String reason) {
        return forms.text(reason);
    }

    /** The form that renders {@code reason}, or null when it would be shown unchanged (for tests). */
    StoredForms.Form form(String reason) {
        return forms.form(reason);
    }

    /** The whole table, in the order it is tried (for tests). */
    List<StoredForms.Form> forms() {
        return forms.forms();
    }
}

package id.lapor.gateway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarantine reasons as the console shows them, against the real message bundles: one real reason per form the
 * code writes (the channel fixtures' expected reasons where there is one), each rendered in Indonesian with no
 * English sentence left; every fixture's quarantine reason and every plain-literal reason in the sources has a form.
 */
class QuarantineReasonsTest {


    private final QuarantineReasons reasons = new QuarantineReasons(id.lapor.gateway.support.MessageBundles.gateway());

    /** One stored reason per form, as the code writes it (the first of each line from a fixture when there is one). */
    static final List<String> EXAMPLES = List.of(
            // social
            "empty body",
            "body of 2000000 bytes exceeds 1048576",
            "unknown field 'is_admin'",
            "not a social report JSON object: Unrecognized token 'platform': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            "not a social report JSON object: InvalidFormatException in field 'anonymous' at character 92",
            "platform is required",
            "platform 'myspace' is not one of [x, facebook, instagram, tiktok, youtube, threads, other]",
            "post_url must be an absolute http(s) URL",
            "post_url is longer than 1000 characters",
            "note is longer than 1000 characters",
            "text is required",
            "text of 3200 characters exceeds 2000",
            "author_handle has characters a handle cannot have",
            "posted_at is not an ISO-8601 date-time with offset",
            "posted_at is in the future",
            "screenshot_base64 is not base64",
            "screenshot of 6000000 bytes exceeds 5242880",
            // SMS
            "malformed PDU: truncated deliver_sm (ArrayIndexOutOfBoundsException while reading fields)",
            "malformed PDU: command_length 102 but 62 octets",
            "malformed PDU: PDU of 12 octets is shorter than an SMPP header",
            "malformed PDU: command_id 0x4 is not deliver_sm",
            "malformed PDU: deliver_sm field invalid: bad esm_class",
            "UDHI set but the message is empty",
            "UDH length 20 exceeds the 4-octet message",
            "UDH element at octet 5 is truncated",
            "UDH element 0x24 overruns the header",
            "concatenation element 0x00 has length 4, expected 3",
            "concatenated message claims 0 parts",
            "part number 3 outside 1..2",
            "SAR TLVs incomplete: sar_msg_ref_num, sar_total_segments and sar_segment_seqnum go together",
            "SAR TLV with a wrong value length",
            "concatenated message claims 200 parts, more than the 10 accepted",
            "empty message",
            "UCS-2 part with an odd number of octets",
            "user data header longer than the message",
            "8-bit binary data (data_coding 0x04)",
            "data_coding 0x0B is not supported",
            "octet above 0x7F in unpacked GSM-7 text",
            "octet above 0x7F in IA5 text",
            "UCS-2 text with an odd number of octets (7)",
            "invalid UTF-16 (unpaired surrogate)",
            "sender is not a phone number",
            "empty message (only whitespace)",
            "message has a keyword but no complaint text",
            // Telegram
            "not JSON",
            "not JSON (JsonParseException at byte 17)",
            "not JSON: JsonEOFException",
            "an update is a JSON object",
            "no numeric update_id",
            "edited_message without message_id",
            "message is not an object",
            "message without chat.id",
            "message without from.id",
            // chat, WhatsApp
            "conversation without parts",
            "conversation without text, media or location",
            "WhatsApp webhook unreadable: object is not whatsapp_business_account",
            "WhatsApp webhook unreadable: not JSON: Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value",
            "WhatsApp webhook unreadable: no entry array",
            "WhatsApp webhook unreadable: a message without id",
            "WhatsApp webhook unreadable: no message in the webhook body",
            "WhatsApp webhook unreadable: empty body",
            "WhatsApp webhook unreadable: not a JSON object",
            "WhatsApp webhook unreadable: unreadable body: Stream closed",
            "message without id",
            "WhatsApp message is not an object",
            "WhatsApp webhook unreadable: messages is not an array",
            "handling failed 5 times in a row (DataIntegrityViolationException); kept for replay once that is fixed",
            "message id longer than 200 characters",
            "WhatsApp webhook unreadable: not JSON (a key twice in one object at byte 57)",
            "sender wa_id is not a phone number",
            "audio message without media id",
            "WhatsApp conversation unreadable: not a JSON array",
            // email
            "message of 30000000 bytes is over the limit of 26214400",
            "not a readable mail message: no message header",
            "no valid sender address (From)",
            "encrypted S/MIME mail (enveloped-data): its text can only be read with the recipient's private key, which the gateway does not hold",
            "empty message: no text, no subject and no attachment kept",
            "empty message: no text, no subject and no attachment kept (left out: EMAIL_ATTACHMENT_DROPPED:virus.exe)",
            // letters
            "reading the file took longer than 120 s (the limit per file); stopped so that the letters after it are read",
            "the file was still changing after 312 s (a copy or scan that never finished); refused as it was then, 2389 bytes",
            "phone is not a phone number",
            "email is not an email address",
            "the letter reader failed on this file (NullPointerException); kept for replay once that is fixed",
            "empty file (0 bytes)",
            "file of 26214401 bytes is over the limit of 26214400",
            "the document is password-protected (application/x-tika-ooxml-protected)",
            "the content is application/x-msdownload; format=pe, not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)",
            "the content is application/zip, not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)",
            "no text on the page: it is blank or unreadable",
            "no text on any of the 3 pages: they are blank or unreadable",
            "the PDF has no pages",
            "page 1: image codec JPEG 2000 cannot be decoded",
            "the PDF is encrypted with a password",
            "the PDF needs more memory than a letter can have",
            "the image needs more memory than a letter can have",
            "the image/tiff image cannot be decoded",
            "the image/tiff image has no pages",
            "the image/png image is damaged: Error reading PNG metadata",
            "the PDF is damaged: Page tree root must be a dictionary",
            "21 pages is over the limit of 20",
            "page 1 is 400 megapixels at 300 dpi, over the limit of 40 (a decompression bomb or a poster, not a letter)",
            "page 1 is 400 megapixels, over the limit of 40 (a decompression bomb or a poster, not a letter)",
            "OCR of page 2 took longer than 60 s",
            "page 1 cannot be read by Tesseract: TesseractOCRParser bad exit value 1 err msg: libpng error: PNG unsigned integer out of range Error in pixReadStreamPng: internal png error",
            "more than 200000 characters of text: not a letter",
            "the application/vnd.openxmlformats-officedocument.wordprocessingml.document expands like a decompression bomb: Zip bomb detected!",
            "the application/msword cannot be read: Unexpected end of file",
            // intake, replay
            "canonical complaint invalid: $.content: must be at least 1 characters long",
            "intake failed on this input at 3 attempts in a row (IllegalStateException); taken out so it no longer holds the channel, kept for replay once the cause is fixed",
            "POLICY: platform 'myspace' is not one of [x, facebook]",
            // not a complaint, stored when a replay ignores the input
            "delivery receipt",
            "alphanumeric sender (operator message), not a citizen",
            "status query (CEK/STATUS), answered by SMS",
            "help request (INFO/BANTUAN), answered by SMS",
            "status updates switched (BERHENTI/MULAI), answered by SMS",
            "no message to replay",
            "greeting only, answered with help",
            "webhook without messages",
            "auto-submitted mail (Auto-Submitted: auto-replied)",
            "bulk or list mail (Precedence: bulk)",
            "auto-reply (X-Autoreply)",
            "automated mail (X-Auto-Response-Suppress)",
            "mailing-list mail (List-Id)",
            "delivery or read report (multipart/report)",
            "bounce from mailer-daemon",
            "bounce (empty Return-Path)",
            "mail from the gateway's own address (loop)",
            "auto-reply subject");

    /** Words of the stored English sentences; none may be left once the technical detail is cut off. */
    static final Pattern ENGLISH = Pattern.compile("\\b(the|is|of|not|than|over|exceeds|without|has|have|with|must|required|"
            + "invalid|unreadable|damaged|cannot|more|accepted|limit|bytes|characters|sender|empty|message|file|page|pages|"
            + "text|body|an|it|its|by|took|longer|after|was|still|kept|failed|password|image|only|keyword|complaint|"
            + "conversation|claims|field|unknown|outside|expected|truncated|octets|binary|supported|no|one|read|"
            + "refused|letter|phone|number|address|and|or)\\b", Pattern.CASE_INSENSITIVE);

    /** The rendered text without the third-party detail it carries over as it is. */
    static String ownWords(String shown) {
        int i = shown.indexOf("Rincian teknis:");
        // media types (image/png) are names, not English
        return (i < 0 ? shown : shown.substring(0, i)).replaceAll("\\S+/\\S+", "");
    }

    @BeforeEach
    void indonesian() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("id"));
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyFormHasAnExampleAndEachReadsInIndonesianWithNoEnglishLeft() {
        Set<StoredForms.Form> used = new HashSet<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String stored : EXAMPLES) {
            StoredForms.Form f = reasons.form(stored);
            if (f == null) {
                problems.put(stored, "no form");
                continue;
            }
            used.add(f);
            String shown = reasons.text(stored);
            Matcher english = ENGLISH.matcher(ownWords(shown));
            if (shown.equals(stored)) problems.put(stored, "shown unchanged");
            else if (shown.contains("{") || shown.contains("qreason.")) problems.put(stored, "unresolved: " + shown);
            else if (english.find()) problems.put(stored, "English '" + english.group() + "' left in: " + shown);
        }
        assertThat(problems).isEmpty();
        // every form of the table is exercised by one real reason above (the nested PDU / webhook lines via their wrapper)
        assertThat(reasons.forms()).allMatch(f -> used.stream().anyMatch(u -> u.key().equals(f.key()))
                || nestedKeys().contains(f.key()));
    }

    /** Keys of forms only reached inside another reason ("malformed PDU: …", "WhatsApp webhook unreadable: …"). */
    private Set<String> nestedKeys() {
        Set<String> keys = new HashSet<>();
        for (String stored : EXAMPLES) {
            for (String prefix : List.of("malformed PDU: ", "WhatsApp webhook unreadable: ", "POLICY: ")) {
                if (!stored.startsWith(prefix)) continue;
                StoredForms.Form inner = reasons.form(stored.substring(prefix.length()));
                if (inner != null) keys.add(inner.key());
            }
        }
        return keys;
    }

    @Test
    void theNewcomersCasesReadAsPlainIndonesian() {
        assertThat(reasons.text("platform 'myspace' is not one of [x, facebook, instagram, tiktok, youtube, threads, other]"))
                .isEqualTo("Platform 'myspace' tidak termasuk yang dipantau Diskominfo (yang dipantau: x, facebook, instagram, tiktok, youtube, threads, other).");
        assertThat(reasons.text("the content is application/x-msdownload; format=pe, not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)"))
                .isEqualTo("Berkas berisi program (application/x-msdownload); jenis ini tidak diterima. "
                        + "Yang diterima: PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF, atau teks biasa.");
        assertThat(reasons.text("text of 5000 characters exceeds 2000")).isEqualTo("Teks sepanjang 5000 karakter, melebihi batas 2000 karakter.");
        // the wording the letters and e-mail use for the same limit reads the same
        assertThat(reasons.text("text of 5000 characters is over the limit of 2000")).isEqualTo("Teks sepanjang 5000 karakter, melebihi batas 2000 karakter.");
        assertThat(reasons.text("file of 26214401 bytes is over the limit of 26214400"))
                .isEqualTo("Berkas berukuran 26214401 bita, melebihi batas 26214400 bita.");
        assertThat(reasons.text("unknown field 'is_admin'")).isEqualTo("Kiriman memuat kolom 'is_admin' yang tidak dikenal.");
        assertThat(reasons.text("the PDF is damaged: Page tree root must be a dictionary"))
                .isEqualTo("Berkas PDF rusak. Rincian teknis: Page tree root must be a dictionary");
        assertThat(reasons.text("malformed PDU: command_length 102 but 62 octets"))
                .isEqualTo("Paket SMS dari operator (PDU) rusak: panjang yang tertulis (command_length) 102 oktet, padahal paketnya 62 oktet.");
        assertThat(reasons.text("page 1 is 400 megapixels at 300 dpi, over the limit of 40 (a decompression bomb or a poster, not a letter)"))
                .isEqualTo("Halaman 1 berukuran 400 megapiksel (pada 300 dpi), melebihi batas 40 megapiksel; ini bom dekompresi atau poster, bukan surat.");
        // a replay refused again stores the class in front
        assertThat(reasons.text("TOO_LARGE: 21 pages is over the limit of 20"))
                .isEqualTo("Terlalu besar (setelah diproses ulang): Surat 21 halaman, melebihi batas 20 halaman.");
    }

    @Test
    void englishConsoleGetsEnglishAndUnknownReasonsStayAsTheyAre() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(reasons.text("the content is application/x-msdownload; format=pe, not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)"))
                .startsWith("The file is a program (application/x-msdownload); this type is not accepted.");
        assertThat(reasons.text("encrypted S/MIME mail (enveloped-data): its text can only be read with the recipient's private key, which the gateway does not hold"))
                .isEqualTo("Encrypted S/MIME e-mail: only the recipient's private key can read it, and the gateway does not hold it.");
        assertThat(reasons.text("platform 'myspace' is not one of [x]")).isEqualTo("Platform 'myspace' is not one Diskominfo watches (watched: x).");
        LocaleContextHolder.setLocale(Locale.forLanguageTag("id"));
        assertThat(reasons.text("store timeout (simulated)")).isEqualTo("store timeout (simulated)");
        assertThat(reasons.text(null)).isEmpty();
        // only a whole line of a known form is rewritten
        assertThat(reasons.text("empty message, really")).isEqualTo("empty message, really");
    }

    @Test
    void everyQuarantineReasonOfTheChannelFixturesHasAForm() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".expected.json")).toList()) {
                collect(json.readTree(p.toFile()), found);
            }
        }
        assertThat(found).hasSizeGreaterThan(40);
        assertThat(found).allSatisfy(r -> {
            assertThat(reasons.form(r)).as("a form for fixture reason: %s", r).isNotNull();
            assertThat(ENGLISH.matcher(ownWords(reasons.text(r))).find()).as("English left in: %s", reasons.text(r)).isFalse();
        });
    }

    /** Reasons of objects that also name a reason class: the quarantined ones (ignored inputs have none). */
    private static void collect(JsonNode n, List<String> out) {
        if (n.isObject() && n.hasNonNull("reason_class") && n.path("reason").isTextual()) out.add(n.path("reason").asText());
        n.forEach(c -> collect(c, out));
    }

    /** {@code ReasonClass.X, "…"} sites whose reason is one literal: each has a form, so a new one fails here. */
    @Test
    void everyLiteralReasonInTheSourcesHasAForm() throws IOException {
        Pattern site = Pattern.compile("ReasonClass\\.[A-Z_]+,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
        List<String> literals = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = site.matcher(Files.readString(p));
                while (m.find()) literals.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        assertThat(literals).hasSizeGreaterThan(20);
        assertThat(literals).allSatisfy(r -> assertThat(reasons.form(r)).as("a form for source reason: %s", r).isNotNull());
    }

    /** The keys of the reason and audit-detail tables are in both bundles, so ?lang=en never falls back to Indonesian. */
    @Test
    void bothBundlesHoldTheSameReasonAndAuditKeys() throws IOException {
        java.util.Properties id = new java.util.Properties();
        java.util.Properties en = new java.util.Properties();
        try (var a = getClass().getResourceAsStream("/messages.properties"); var b = getClass().getResourceAsStream("/messages_en.properties")) {
            id.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            en.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        java.util.function.Function<java.util.Properties, Set<String>> ours = p -> p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("qreason.") || k.startsWith("audit.detail.") || k.startsWith("audit.outcome."))
                .collect(java.util.stream.Collectors.toSet());
        assertThat(ours.apply(id)).hasSizeGreaterThan(100).isEqualTo(ours.apply(en));
        // every key a form names is in the bundle
        assertThat(reasons.forms()).allSatisfy(f -> assertThat(id.getProperty(f.key())).as(f.key()).isNotNull());
    }
}

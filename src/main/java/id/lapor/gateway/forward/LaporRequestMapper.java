package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.Complaint;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.PhoneNumbers;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the body of {@code POST /complaints/complaint} from a canonical complaint (ARCHITECTURE.md,
 * "LAPOR! v3 API"; privacy rule 5).
 *
 * <ul>
 *   <li>ordinary: {@code is_anonymous=false, is_secret=false}; the reporter's name is in the content
 *       ({@code Pelapor: …}).</li>
 *   <li>anonymous (anonim: report public, reporter hidden): {@code is_anonymous=true}; no name.</li>
 *   <li>confidential (rahasia: report hidden): {@code is_secret=true}; the name only if not also anonymous.</li>
 * </ul>
 * Phone numbers and e-mail addresses are never sent, whoever the reporter is (the report may be
 * public): the reporter's own are not mapped at all, and any the citizen wrote into the title, the
 * text, the location or an attachment's file name are replaced by a placeholder
 * ({@link #withoutContacts}; numbers found by libphonenumber, region ID, any country). The gateway
 * ticket is in the text and in the tags so a LAPOR! admin can find the original.
 */
public class LaporRequestMapper {

    /** The complaint cannot be mapped (for example no channel code configured): a permanent problem of ours. */
    public static class UnmappableException extends RuntimeException {
        public UnmappableException(String message) {
            super(message);
        }
    }

    private final LaporProperties props;
    private final CategoryLexicon categories;
    private final ZoneId zone;

    public LaporRequestMapper(LaporProperties props, CategoryLexicon categories, ZoneId zone) {
        this.props = props;
        this.categories = categories;
        this.zone = zone;
    }

    /** @param originalLaporId for a follow-up, the LAPOR! tracking id of the complaint it follows up, when known */
    public Map<String, Object> toCreateBody(Complaint c, List<Long> uploadIds, Long originalLaporId) {
        Integer channelCode = props.channelCode(c.channel().key());
        if (channelCode == null) {
            throw new UnmappableException("no lapor.channel-codes." + c.channel().key() + " configured");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", withoutContacts(c.title()));
        body.put("content", content(c, originalLaporId));
        body.put("channel", channelCode);
        body.put("user_id", props.userId());
        body.put("classification_id", props.classificationId());
        body.put("category_id", categories.entry(c.category().code()).laporCategoryId());
        body.put("disposition_id", c.disposition().institutionId());
        body.put("location_id", props.locationId());
        Instant when = c.occurredAt() != null ? c.occurredAt() : c.receivedAt();
        body.put("date_of_incident", when.atZone(zone).toLocalDate().toString());
        body.put("is_anonymous", c.reporter().anonymous());
        body.put("is_secret", c.reporter().confidential());
        body.put("is_priority", false);
        body.put("tags_raw", "gateway," + c.channel().key() + "," + c.ticket() + (c.followUpOf() == null ? "" : "," + c.followUpOf()));
        // LAPOR! v3 takes the upload ids as a string holding a JSON array
        body.put("attachments", uploadIds.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        return body;
    }

    static String content(Complaint c, Long originalLaporId) {
        StringBuilder sb = new StringBuilder(withoutContacts(c.content()));
        sb.append("\n\n---\n");
        String source = c.source().externalId();
        if (source != null && (source.startsWith("https://") || source.startsWith("http://"))) sb.append("Sumber: ").append(source).append('\n');
        if (c.location() != null && c.location().text() != null) sb.append("Lokasi: ").append(withoutContacts(c.location().text())).append('\n');
        if (!c.reporter().anonymous() && c.reporter().name() != null) {
            sb.append("Pelapor: ").append(withoutContacts(c.reporter().name())).append('\n');
        }
        if (c.followUpOf() != null) {
            sb.append("Tindak lanjut dari tiket ").append(c.followUpOf());
            if (originalLaporId != null) sb.append(" (LAPOR! #").append(originalLaporId).append(')');
            sb.append('\n');
        }
        sb.append("Diterima melalui kanal ").append(c.channel().name()).append(", tiket gateway ").append(c.ticket());
        return sb.toString();
    }

    /** Placeholder for a phone number taken out of text sent to LAPOR!. */
    public static final String PHONE_PLACEHOLDER = "[nomor telepon disembunyikan]";
    /** Placeholder for an e-mail address taken out of text sent to LAPOR!. */
    public static final String EMAIL_PLACEHOLDER = "[alamat email disembunyikan]";

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /**
     * The text with every e-mail address and every valid phone number (as libphonenumber finds them in
     * running text: Indonesian numbers however written, other countries' with + or 00) replaced by
     * {@link #EMAIL_PLACEHOLDER} / {@link #PHONE_PLACEHOLDER}. Null stays null.
     */
    public static String withoutContacts(String text) {
        if (text == null || text.isEmpty()) return text;
        String s = EMAIL.matcher(text).replaceAll(Matcher.quoteReplacement(EMAIL_PLACEHOLDER));
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (PhoneNumberMatch m : PHONES.findNumbers(s, PhoneNumbers.DEFAULT_REGION, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            out.append(s, last, m.start()).append(PHONE_PLACEHOLDER);
            last = m.end();
        }
        s = out.append(s, last, s.length()).toString();
        // libphonenumber reads 00 as an international prefix only where the region dials it so; people write 0060…
        Matcher m = INTERNATIONAL_00.matcher(s);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(rest, Matcher.quoteReplacement(PhoneNumbers.toE164(m.group()).isPresent() ? PHONE_PLACEHOLDER : m.group()));
        }
        m.appendTail(rest);
        return rest.toString();
    }

    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,5}$");

    /**
     * An attachment's file name as sent to LAPOR!: {@link #withoutContacts} on the name, its extension
     * ({@code .png}, up to 5 letters or digits) kept. Null or blank stays as is.
     */
    public static String safeFilename(String filename) {
        if (filename == null || filename.isBlank()) return filename;
        Matcher ext = EXTENSION.matcher(filename);
        if (!ext.find() || ext.start() == 0) return withoutContacts(filename);
        return withoutContacts(filename.substring(0, ext.start())) + ext.group();
    }

    private static final Pattern INTERNATIONAL_00 = Pattern.compile("(?<![\\d+])00[1-9][\\d \\-.]{5,16}\\d(?!\\d)");
}

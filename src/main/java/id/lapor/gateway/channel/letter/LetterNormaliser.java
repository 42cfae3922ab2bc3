package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.ChannelNormaliser;
import id.lapor.gateway.intake.PhoneNumbers;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.intake.TextHygiene;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one letter file into a complaint draft: read (text layer or OCR), understood (title, sender,
 * date, addressee, body), with the original file as the complaint's attachment. The file's sha256 is
 * the transport id, so the same bytes dropped twice give one complaint. What counter staff typed in
 * wins over what was read off the letter.
 */
public class LetterNormaliser implements ChannelNormaliser<LetterFile> {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final LetterReader reader;
    private final LetterUnderstanding understanding = new LetterUnderstanding();
    private final double lowConfidence;
    private final ZoneId zone;

    public LetterNormaliser(LetterReader reader, double lowConfidence, ZoneId zone) {
        this.reader = reader;
        this.lowConfidence = lowConfidence;
        this.zone = zone;
    }

    @Override
    public Channel channel() {
        return Channel.LETTER;
    }

    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        return normalise(new LetterFile(instance, null, raw, null));
    }

    @Override
    public Class<LetterFile> inputType() {
        return LetterFile.class;
    }

    /** One file from the inbox folder or the counter's upload; its media type was detected once, from the bytes. */
    @Override
    public Normalisation normalise(LetterFile file) {
        String instance = file.instance();
        if (file.unsettledFor() != null) {
            // the bytes are whatever was there when the wait ended: not a whole letter, and reading them
            // could make a complaint of half a page
            return Normalisation.rejected(ReasonClass.PARSE, "the file was still changing after " + file.unsettledFor().toSeconds()
                    + " s (a copy or scan that never finished); refused as it was then, " + file.bytes().length + " bytes");
        }
        String detectedType = file.rawMediaType();
        LetterFile.CounterForm form = file.form();
        String formPhone = null;
        if (form != null && form.phone() != null && !form.phone().isBlank()) {
            formPhone = PhoneNumbers.toE164(form.phone()).orElse(null);
            if (formPhone == null) return Normalisation.rejected(ReasonClass.VALIDATION, "phone is not a phone number");
        }
        if (form != null && form.email() != null && !form.email().isBlank() && !EMAIL.matcher(form.email().strip()).matches()) {
            return Normalisation.rejected(ReasonClass.VALIDATION, "email is not an email address");
        }
        LetterReader.Read read;
        try {
            read = reader.read(file.bytes(), detectedType);
        } catch (UnreadableLetter e) {
            return Normalisation.rejected(e.reasonClass(), e.getMessage());
        } catch (RuntimeException e) {
            // a file the parsers choke on would otherwise stay in the inbox and be OCR'd again at every
            // poll; reading touches no store, so this is the file, not an outage: quarantine it
            // (replayable once fixed). An interrupted read (shutdown) is left for the next start.
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) throw e;
            return Normalisation.rejected(ReasonClass.INTERNAL, "the letter reader failed on this file ("
                    + e.getClass().getSimpleName() + "); kept for replay once that is fixed");
        }
        LetterUnderstanding.Fields f = understanding.understand(read.text());

        String name = firstOf(form == null ? null : form.reporterName(), f.senderName());
        String phone = formPhone != null ? formPhone : f.phones().isEmpty() ? null : f.phones().get(0);
        String email = firstOf(form == null || form.email() == null ? null : form.email().strip().toLowerCase(Locale.ROOT), f.email());
        String address = firstOf(form == null ? null : form.address(), f.address());
        boolean anonymous = form != null && form.anonymous();
        boolean confidential = form != null && form.confidential() || f.confidential();
        String senderKey = senderKey(instance, name, phone, email, address);
        String channelUserId = phone != null ? "tel:" + phone : email != null ? "mailto:" + email : null;
        Complaint.Reporter reporter = new Complaint.Reporter(name, phone, email, channelUserId, anonymous, confidential);

        List<String> flags = new ArrayList<>();
        Double mean = read.meanConfidence();
        if (mean != null && mean < lowConfidence) flags.add("OCR_LOW_CONFIDENCE:" + mean);
        String blank = read.pages().stream().filter(p -> p.text().isBlank()).map(p -> Integer.toString(p.number()))
                .collect(Collectors.joining(","));
        if (!blank.isEmpty()) flags.add("LETTER_BLANK_PAGES:" + blank);
        if (address != null) flags.add("REPORTER_ADDRESS:" + oneLine(address));
        if (form != null && form.clerk() != null) flags.add("LETTER_RECEIVED_BY:" + form.clerk());
        if (form != null && form.dateReceived() != null) flags.add("LETTER_RECEIVED_ON:" + form.dateReceived());
        if (f.date() == null) flags.add("LETTER_DATE_NOT_FOUND");

        String content = f.body() != null ? f.body() : read.text();
        String filename = filename(file.filename(), read.mediaType());
        Complaint.Document document = new Complaint.Document(read.mediaType(), read.pages().size(), mean,
                f.addressee() == null ? null : oneLine(f.addressee()), read.pages());
        return Normalisation.accepted(ComplaintDraft.of(Channel.LETTER, senderKey).instance(instance)
                .externalId("sha256:" + TextFingerprint.sha256Hex(file.bytes()))
                .occurredAt(f.date() == null ? null : f.date().atStartOfDay(zone).toInstant()).reporter(reporter)
                .title(f.title()).content(content).language("id")
                .attachments(List.of(new ComplaintDraft.AttachmentContent(filename, file.bytes(), read.mediaType())))
                .flags(flags).document(document).build());
    }

    /**
     * Who a letter is from, for content dedup: its signer, as {@code letter:<name>|<contact>} (name
     * lower-cased, the contact the first of phone (E.164), e-mail, address), so the same text signed by
     * two citizens (a petition, a template letter) is two complaints. Only when nothing of the signer
     * was read or typed in is it the intake point, {@code letter:<instance>}, as before.
     */
    static String senderKey(String instance, String name, String phone, String email, String address) {
        String who = name == null ? "" : name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        String contact = phone != null ? phone : email != null ? email : address == null ? "" : oneLine(address).toLowerCase(Locale.ROOT);
        if (who.isEmpty() && contact.isEmpty()) return "letter:" + instance;
        String key = "letter:" + who + "|" + contact;
        // complaint.sender_key holds 320 characters: a longer signer is keyed by its digest
        return key.length() <= 320 ? key : "letter:sha256:" + TextFingerprint.sha256Hex(who + "|" + contact);
    }

    /** The file's own name without folders, or "surat.<ext>" when it came without one. */
    static String filename(String given, String mediaType) {
        String base = TextHygiene.fileName(given);
        if (base != null && !base.equals(".") && !base.equals("..")) return base;
        String ext = switch (mediaType) {
            case "application/pdf" -> "pdf";
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/tiff" -> "tif";
            case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "docx";
            case "application/vnd.oasis.opendocument.text" -> "odt";
            case "application/rtf" -> "rtf";
            case "application/msword" -> "doc";
            default -> "txt";
        };
        return "surat." + ext;
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : b;
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("(?U)\\s+");

    /**
     * A flag's value on one line (canonical schema: {@code ^[A-Z0-9_]+(:.*)?$}), at most 500 characters: every
     * Unicode white space is one space (U+2028/U+2029 too: plain {@code \\s} left them and the letter was quarantined
     * as "canonical complaint invalid"), then NUL and control characters go ({@code TextHygiene}).
     */
    private static String oneLine(String s) {
        String t = id.lapor.gateway.intake.TextHygiene.clean(WHITESPACE.matcher(s).replaceAll(" "));
        return t.length() > 500 ? t.substring(0, 500) : t;
    }
}

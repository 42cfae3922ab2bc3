package id.lapor.gateway.channel.chat;

import id.lapor.gateway.channel.email.AttachmentScreen;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.TextHygiene;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What both chat normalisers do with a closed {@link ChatConversation} (plain Java, no I/O): the
 * complaint draft of the whole conversation, or Ignored {@link ChatConversation#GREETING_ONLY}.
 *
 * <ul>
 *   <li><b>Text</b>: the parts' texts (and captions) in order, joined by a blank line, each exactly as sent
 *       (intake only removes control characters). Parts that are only a greeting ("Selamat pagi", "Halo
 *       min", "Assalamualaikum") are left out of the text (they stay in the raw input); a conversation of
 *       greetings only, with no media and no location, is {@link ChatConversation#GREETING_ONLY}.</li>
 *   <li><b>Markers</b>: RAHASIA (confidential) and ANONIM / ANONYMOUS (anonymous) as leading words of any
 *       part, as on SMS; they are taken off the text. An anonymous reporter's name is not kept.</li>
 *   <li><b>Attachments</b>: fetched media are screened as e-mail attachments are ({@link AttachmentScreen}:
 *       allowed types by Tika, executables, archives, sizes); left out → flag
 *       {@code ATTACHMENT_DROPPED:<name>:<reason>}; media that could not be fetched → flag
 *       {@code ATTACHMENT_UNAVAILABLE:<name>:<reason code>} (TOO_LARGE, NOT_FOUND, ATTEMPTS, PENDING_AT_CLOSE, …).
 *       The complaint is kept either way.</li>
 *   <li><b>Location</b>: the first shared location (lat/lon), with the place's name and address as its text
 *       (a location part's text is that label, never the citizen's words).</li>
 *   <li>Only media and no text: the content says so and names the files, so the complaint is still valid.</li>
 * </ul>
 */
public final class ChatDrafts {

    /** Flag prefix of a media item that could not be fetched. */
    public static final String UNAVAILABLE_FLAG = "ATTACHMENT_UNAVAILABLE:";

    private static final Set<String> CONFIDENTIAL = Set.of("RAHASIA");
    private static final Set<String> ANONYMOUS = Set.of("ANONIM", "ANONYMOUS");
    private static final Pattern LEADING_WORD = Pattern.compile("^(\\p{L}+)[\\s#*.:,!-]*");
    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}\\p{N}']+");
    /**
     * Words a greeting is made of (Indonesian, with the usual chat spellings, and English). A part is a greeting
     * when every word is one of these, it has at most {@value #GREETING_MAX_WORDS} words, and at least one word
     * is more than a form of address.
     */
    private static final Set<String> GREETING_WORDS = Set.of("selamat", "slmt", "pagi", "siang", "sore", "malam", "met",
            "halo", "hallo", "helo", "hello", "hai", "hi", "hey", "assalamualaikum", "assalamu'alaikum", "assalamu", "alaikum",
            "wr", "wb", "warahmatullahi", "wabarakatuh", "salam", "permisi", "punten", "om", "swastiastu", "shalom", "sejahtera",
            "ping", "p", "tes", "test", "min", "mimin", "admin", "kak", "kakak", "pak", "bapak", "bu", "ibu", "mas", "mbak", "bang",
            "good", "morning", "afternoon", "evening", "sore2", "semuanya", "all", "dan", "dengan", "lapor", "dear");
    private static final Set<String> ADDRESS_ONLY = Set.of("min", "mimin", "admin", "kak", "kakak", "pak", "bapak", "bu", "ibu",
            "mas", "mbak", "bang", "om", "semuanya", "all", "dan", "dengan", "dear", "lapor");
    private static final int GREETING_MAX_WORDS = 8;

    private ChatDrafts() {}

    /**
     * The draft of a conversation, or Ignored(GREETING_ONLY) / Rejected when there is nothing to complain about.
     *
     * @param screen the channel's attachment screen (allowed types and limits from its configuration)
     * @return Accepted, Ignored or Rejected (VALIDATION: no text, no media and no location at all)
     */
    public static Normalisation normalise(ChatConversation c, AttachmentScreen screen) {
        ChatReporter who = c.reporter();
        if (who == null) return Normalisation.rejected(Normalisation.ReasonClass.VALIDATION, "conversation without parts");
        boolean anonymous = false;
        boolean confidential = false;
        List<String> texts = new ArrayList<>();
        int greetings = 0;
        Complaint.Location location = null;
        for (ChatPart p : c.parts()) {
            if (p.location() != null) {
                // neither platform lets a location carry a caption (Bot API Location, WhatsApp "location"), so a
                // location part's text is the place's name and address: where, not what is wrong. It goes to the
                // location, never into the complaint's words (an address alone read as a road complaint)
                if (location == null) {
                    String label = p.text() == null || p.text().isBlank() ? null : p.text().strip();
                    location = new Complaint.Location(label, p.location().latitude(), p.location().longitude());
                }
                continue;
            }
            String rest = p.text() == null ? "" : p.text();
            for (String w = leadingWord(rest); w != null; w = leadingWord(rest)) {
                if (CONFIDENTIAL.contains(w)) confidential = true;
                else if (ANONYMOUS.contains(w)) anonymous = true;
                else break;
                rest = afterLeadingWord(rest);
            }
            if (rest.isBlank()) continue;
            if (isGreeting(rest)) {
                greetings++;
                continue;
            }
            // exactly as sent, unless markers were taken off its start
            texts.add(rest.equals(p.text()) ? p.text() : rest.stripLeading());
        }

        List<String> flags = new ArrayList<>();
        List<AttachmentScreen.Candidate> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.attachments().size(); i++) {
            ChatConversation.Attachment a = c.attachments().get(i);
            String name = fileName(c.channel().key(), i + 1, a);
            names.add(name);
            if (a.state() == ChatConversation.MediaState.FETCHED && a.bytes() != null) {
                candidates.add(new AttachmentScreen.Candidate(name, a.bytes(), a.bytes().length, false));
            } else {
                String reason = a.state() == ChatConversation.MediaState.PENDING ? "PENDING_AT_CLOSE" : reasonCode(a.reason());
                flags.add(UNAVAILABLE_FLAG + name.replace(':', '_') + ":" + reason);
            }
        }
        AttachmentScreen.Verdict verdict = screen.screen(candidates);
        for (AttachmentScreen.Dropped d : verdict.dropped()) flags.add(d.flag());
        List<ComplaintDraft.AttachmentContent> attachments = verdict.kept().stream()
                .map(k -> new ComplaintDraft.AttachmentContent(k.filename(), k.bytes(), k.mediaType())).toList();

        if (texts.isEmpty() && c.attachments().isEmpty() && location == null) {
            if (greetings > 0) return Normalisation.ignored(ChatConversation.GREETING_ONLY);
            return Normalisation.rejected(Normalisation.ReasonClass.VALIDATION, "conversation without text, media or location");
        }
        String content;
        if (!texts.isEmpty()) {
            content = String.join("\n\n", texts);
        } else if (!names.isEmpty()) {
            content = "(Pesan tanpa teks; lihat lampiran: " + String.join(", ", names) + ")";
            flags.add("CHAT_TEXT_EMPTY");
        } else {
            // the place's name stays in the location: the words of a complaint are what the category is read from
            content = String.format(Locale.ROOT, "(Pesan tanpa teks; lokasi dibagikan: %.6f, %.6f)", location.lat(), location.lon());
            flags.add("CHAT_TEXT_EMPTY");
        }
        if (c.parts().size() > 1) flags.add("CHAT_PARTS:" + c.parts().size());
        Complaint.Reporter reporter = new Complaint.Reporter(anonymous ? null : who.displayName(), who.phone(), null,
                who.channelUserId(), anonymous, confidential);
        return Normalisation.accepted(ComplaintDraft.of(c.channel(), who.channelUserId()).instance(c.instance())
                .externalId(c.externalId()).occurredAt(c.parts().get(0).receivedAt()).reporter(reporter).content(content)
                .language("id").location(location).attachments(attachments).flags(flags).build());
    }

    /** Whether {@code text} is only a greeting (see the class comment); emoji and punctuation do not count as words. */
    public static boolean isGreeting(String text) {
        if (text == null) return false;
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String[] words = NON_LETTERS.matcher(folded).replaceAll(" ").strip().split(" ");
        if (words.length == 0 || words[0].isEmpty() || words.length > GREETING_MAX_WORDS) return false;
        boolean greetingWord = false;
        for (String w : words) {
            String word = w.replaceAll("(.)\\1{2,}", "$1$1"); // "haiii", "pagiii" → two of a letter at most
            if (!GREETING_WORDS.contains(word) && !GREETING_WORDS.contains(word.replaceAll("(.)\\1", "$1"))) return false;
            if (!ADDRESS_ONLY.contains(word)) greetingWord = true;
        }
        return greetingWord;
    }

    /** The first word of a reason ("NOT_FOUND: HTTP 404" → NOT_FOUND), as a flag keeps it. */
    static String reasonCode(String reason) {
        if (reason == null || reason.isBlank()) return "UNKNOWN";
        int colon = reason.indexOf(':');
        String code = (colon < 0 ? reason : reason.substring(0, colon)).strip();
        return code.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The sender's file name, else {@code <channel>-<n>.<extension of the detected type>} (n: 1-based position in the conversation). */
    static String fileName(String channel, int n, ChatConversation.Attachment a) {
        String given = TextHygiene.fileName(a.declared().fileName());
        if (given != null) return given;
        String type = a.mediaType() != null ? a.mediaType() : a.declared().declaredType();
        String ext = "";
        if (type != null) {
            try {
                ext = MimeTypes.getDefaultMimeTypes().forName(type).getExtension();
            } catch (MimeTypeException e) {
                ext = "";
            }
        }
        return channel + "-" + n + ext;
    }

    private static String leadingWord(String s) {
        var m = LEADING_WORD.matcher(s.stripLeading());
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    private static String afterLeadingWord(String s) {
        String t = s.stripLeading();
        var m = LEADING_WORD.matcher(t);
        return m.find() ? t.substring(m.end()) : t;
    }
}

package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the shared intake makes of a normalised draft before the ledger has a say, with no I/O: text
 * cleaned ({@link TextHygiene}), title from the subject or the first words, category
 * ({@link CategoryLexicon}), disposition (the letter's addressee, else the category's institution,
 * {@link DispositionRules}), reporter completed, SLA due date. Status RECEIVED: dedup at the commit
 * may still make it a DUPLICATE. {@link ComplaintIntake} uses it on every complaint; the golden-fixture
 * runner uses it to show the canonical complaint of a fixture without a store.
 */
public final class Enrichment {

    /** Longest title kept, in characters (canonical schema {@code title.maxLength}). */
    static final int TITLE_MAX = 200;
    /** Length of a title made from the content's first words, in characters. */
    static final int TITLE_FROM_CONTENT = 80;

    private final CategoryLexicon categories;
    private final DispositionRules dispositions;
    private final Duration slaFollowUp;

    /** @param slaFollowUp time from receipt to the SLA due date ({@code gateway.sla.follow-up}, 30 days by regional rule) */
    public Enrichment(CategoryLexicon categories, DispositionRules dispositions, Duration slaFollowUp) {
        this.categories = categories;
        this.dispositions = dispositions;
        this.slaFollowUp = slaFollowUp;
    }

    /**
     * Flag by which an admin chose the category when flagging a post ({@code ADMIN_CATEGORY:<code of
     * categories.yaml>}); an unknown code is ignored and the lexicon decides.
     */
    public static final String ADMIN_CATEGORY = "ADMIN_CATEGORY:";
    /** Flag by which an admin chose the OPD ({@code ADMIN_OPD:<institution id of dispositions.yaml>}); unknown ids are ignored. */
    public static final String ADMIN_OPD = "ADMIN_OPD:";

    private static java.util.Optional<String> chosen(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length()).strip()).findFirst();
    }

    /**
     * The canonical complaint for {@code draft}: category and disposition as an admin chose them
     * ({@link #ADMIN_CATEGORY}, {@link #ADMIN_OPD}), else suggested from the text and addressee.
     *
     * @param ticket      the ticket it is offered under
     * @param receivedAt  when intake received it (millisecond precision, as stored)
     * @param rawRef      {@code sha256:<hex>} of the raw input, or null when there is none
     * @param attachments the draft's attachments as stored ({@link #attachment})
     */
    public Complaint complaint(ComplaintDraft draft, String ticket, Instant receivedAt, String rawRef,
                               List<Complaint.Attachment> attachments) {
        String content = TextHygiene.clean(draft.content());
        String title = TextHygiene.clean(draft.title());
        if (title == null || title.isBlank()) title = TextHygiene.titleFrom(content, TITLE_FROM_CONTENT);
        else title = TextHygiene.titleFrom(title, TITLE_MAX);
        String titleForCategory = title;
        Complaint.Category category = chosen(draft.flags(), ADMIN_CATEGORY)
                .flatMap(code -> categories.entries().stream().filter(e -> e.code().equals(code)).findFirst())
                .map(e -> new Complaint.Category(e.code(), e.name(), 1.0))
                .orElseGet(() -> categories.classify(titleForCategory, content));
        String addressee = draft.document() == null ? null : draft.document().addressee();
        Complaint.Disposition disposition = chosen(draft.flags(), ADMIN_OPD)
                .flatMap(id -> dispositions.institutions().stream().filter(d -> d.institutionId().equals(id)).findFirst())
                .or(() -> dispositions.forAddressee(addressee))
                .orElseGet(() -> dispositions.forCategory(category.code()));
        Complaint.Reporter reporter = cleanReporter(draft.reporter(), draft.senderKey());
        Complaint.Location location = draft.location() == null ? null
                : new Complaint.Location(TextHygiene.clean(draft.location().text()), draft.location().lat(), draft.location().lon());
        return Complaint.builder().ticket(ticket).channel(draft.channel()).receivedAt(receivedAt)
                .occurredAt(draft.occurredAt()).source(new Complaint.Source(draft.externalId(), draft.instance(), rawRef))
                .reporter(reporter).title(title).content(content).language(draft.language()).location(location)
                .category(category).disposition(disposition).attachments(attachments).flags(draft.flags())
                .followUpOf(draft.followUpOf()).status(ComplaintStatus.RECEIVED).lapor(Complaint.Lapor.NONE)
                .slaDueAt(receivedAt.plus(slaFollowUp)).document(draft.document()).build();
    }

    /**
     * An attachment's metadata: its media type as the channel detected it, else detected from the
     * bytes ({@link MediaTypes}); its size in bytes; {@code sha256} the hex digest it is stored under.
     */
    public static Complaint.Attachment attachment(ComplaintDraft.AttachmentContent a, String sha256) {
        String type = a.mediaType() != null ? a.mediaType() : MediaTypes.detect(a.bytes());
        return new Complaint.Attachment(a.filename(), type, a.bytes().length, sha256);
    }

    private static Complaint.Reporter cleanReporter(Complaint.Reporter r, String senderKey) {
        if (r == null) return Complaint.Reporter.unknown(senderKey);
        String channelUserId = r.channelUserId() == null ? senderKey : r.channelUserId();
        String name = TextHygiene.clean(r.name());
        if (name != null && name.isBlank()) name = null;
        return new Complaint.Reporter(name, r.phone(), r.email(), channelUserId, r.anonymous(), r.confidential());
    }
}

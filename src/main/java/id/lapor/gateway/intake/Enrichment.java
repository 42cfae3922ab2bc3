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
     * The canonical complaint for {@code draft}.
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
        Complaint.Category category = categories.classify(title, content);
        String addressee = draft.document() == null ? null : draft.document().addressee();
        Complaint.Disposition disposition = dispositions.forAddressee(addressee)
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

package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the shared intake makes of a normalised draft before the ledger has a say, with no I/O: text
 * cleaned ({@link TextHygiene}), title from the subject or the first words, category
 * ({@link CategorySuggester}: the trained model, issue #20), disposition (the letter's addressee, else
 * the category's institution when the suggestion is confident, else the fallback institution that
 * disposes by hand; {@link DispositionRules}), reporter completed, SLA due date. An uncertain
 * suggestion adds the flag {@link #CATEGORY_REVIEW} (the console's review queue). Status RECEIVED: dedup at the commit
 * may still make it a DUPLICATE. {@link ComplaintIntake} uses it on every complaint; the golden-fixture
 * runner uses it to show the canonical complaint of a fixture without a store.
 */
public final class Enrichment {

    /** Longest title kept, in characters (canonical schema {@code title.maxLength}). */
    static final int TITLE_MAX = 200;
    /** Length of a title made from the content's first words, in characters. */
    static final int TITLE_FROM_CONTENT = 80;

    private final CategoryLexicon categories;
    private final CategorySuggester suggester;
    private final DispositionRules dispositions;
    private final Duration slaFollowUp;

    /**
     * Flag of a complaint whose category the model is not sure of ({@code CATEGORY_REVIEW:<CODE> <p>, …},
     * the best three with their probabilities): an admin should review category and OPD.
     */
    public static final String CATEGORY_REVIEW = "CATEGORY_REVIEW:";

    /**
     * @param categories  the categories of categories.yaml (an admin's choice is checked against them)
     * @param suggester   what suggests a category from the text
     * @param slaFollowUp time from receipt to the SLA due date ({@code gateway.sla.follow-up}, 30 days by regional rule)
     */
    public Enrichment(CategoryLexicon categories, CategorySuggester suggester, DispositionRules dispositions, Duration slaFollowUp) {
        this.categories = categories;
        this.suggester = suggester;
        this.dispositions = dispositions;
        this.slaFollowUp = slaFollowUp;
    }

    /** With the keyword lexicon as the suggester, always confident (no model; as before issue #20). */
    public Enrichment(CategoryLexicon categories, DispositionRules dispositions, Duration slaFollowUp) {
        this(categories, categories, dispositions, slaFollowUp);
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
        CategorySuggester.Suggestion suggestion = chosen(draft.flags(), ADMIN_CATEGORY)
                .flatMap(code -> categories.entries().stream().filter(e -> e.code().equals(code)).findFirst())
                .map(e -> new Complaint.Category(e.code(), e.name(), 1.0))
                .map(c -> new CategorySuggester.Suggestion(c, List.of(c), true))
                .orElseGet(() -> suggester.suggest(titleForCategory, content));
        Complaint.Category category = suggestion.category();
        Optional<Complaint.Disposition> adminOpd = chosen(draft.flags(), ADMIN_OPD)
                .flatMap(id -> dispositions.institutions().stream().filter(d -> d.institutionId().equals(id)).findFirst());
        String addressee = draft.document() == null ? null : draft.document().addressee();
        Complaint.Disposition disposition = adminOpd
                .or(() -> dispositions.forAddressee(addressee))
                .orElseGet(() -> suggestion.confident() ? dispositions.forCategory(category.code()) : dispositions.fallback());
        List<String> flags = draft.flags();
        if (!suggestion.confident() && adminOpd.isEmpty()) {
            flags = new java.util.ArrayList<>(flags);
            flags.add(reviewFlag(suggestion));
        }
        Complaint.Reporter reporter = cleanReporter(draft.reporter(), draft.senderKey());
        Complaint.Location location = draft.location() == null ? null
                : new Complaint.Location(TextHygiene.clean(draft.location().text()), draft.location().lat(), draft.location().lon());
        return Complaint.builder().ticket(ticket).channel(draft.channel()).receivedAt(receivedAt)
                .occurredAt(draft.occurredAt()).source(new Complaint.Source(draft.externalId(), draft.instance(), rawRef))
                .reporter(reporter).title(title).content(content).language(draft.language()).location(location)
                .category(category).disposition(disposition).attachments(attachments).flags(flags)
                .followUpOf(draft.followUpOf()).status(ComplaintStatus.RECEIVED).lapor(Complaint.Lapor.NONE)
                .slaDueAt(receivedAt.plus(slaFollowUp)).document(draft.document()).build();
    }

    /** {@link #CATEGORY_REVIEW} with the best three categories and their probabilities ("JALAN_BERLUBANG 0.41, …"). */
    static String reviewFlag(CategorySuggester.Suggestion s) {
        StringBuilder b = new StringBuilder(CATEGORY_REVIEW);
        for (Complaint.Category c : s.top()) {
            if (b.length() > CATEGORY_REVIEW.length()) b.append(", ");
            b.append(c.code()).append(' ').append(String.format(java.util.Locale.ROOT, "%.2f", c.confidence()));
        }
        return b.toString();
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

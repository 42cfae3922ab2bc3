package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.ops.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared intake every channel calls (route {@code direct:complaint-intake}): ticket, transport
 * and content dedup, enrichment (category, disposition, SLA due date), schema validation, then ONE
 * transaction that stores the complaint, its attachment metadata and its outbox row. Attachment
 * and raw bytes are written to the content-addressed store before that transaction. The receipt
 * is returned only after the commit; if the store is down this throws and the channel must answer
 * its sender with a transient error.
 */
public class ComplaintIntake {

    private static final Logger log = LoggerFactory.getLogger(ComplaintIntake.class);
    static final int TITLE_MAX = 200;
    private static final int TICKET_ATTEMPTS = 5;

    /** Settings of the intake; see gateway.* in the README. */
    public record Policy(Duration contentDedupWindow, Duration slaFollowUp) {}

    private final Ledger ledger;
    private final QuarantineStore quarantine;
    private final AttachmentStore blobs;
    private final CategoryLexicon categories;
    private final DispositionRules dispositions;
    private final CanonicalJson json;
    private final TransactionTemplate tx;
    private final GatewayMetrics metrics;
    private final Policy policy;
    private final Clock clock;

    public ComplaintIntake(Ledger ledger, QuarantineStore quarantine, AttachmentStore blobs, CategoryLexicon categories,
                           DispositionRules dispositions, CanonicalJson json, TransactionTemplate tx,
                           GatewayMetrics metrics, Policy policy, Clock clock) {
        this.ledger = ledger;
        this.quarantine = quarantine;
        this.blobs = blobs;
        this.categories = categories;
        this.dispositions = dispositions;
        this.json = json;
        this.tx = tx;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /** Route entry ({@code direct:complaint-intake}). */
    public IntakeReceipt intake(IntakeRequest request) {
        return accept(request.draft(), request.raw(), request.rawMediaType());
    }

    /** Accepts one normalised complaint with the raw input it came from. */
    public IntakeReceipt accept(ComplaintDraft draft, byte[] raw, String rawMediaType) {
        metrics.count(draft.channel(), GatewayMetrics.Event.RECEIVED);
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String rawRef = raw == null ? null : "sha256:" + blobs.put(raw);
        List<Complaint.Attachment> attachments = storeAttachments(draft);

        String content = TextHygiene.clean(draft.content());
        String title = TextHygiene.clean(draft.title());
        if (title == null || title.isBlank()) title = TextHygiene.titleFrom(content, 80);
        else title = TextHygiene.titleFrom(title, TITLE_MAX);
        Complaint.Category category = categories.classify(title, content);
        Complaint.Disposition disposition = dispositions.forCategory(category.code());
        String contentHash = TextFingerprint.contentHash(title, content);
        String transportKey = TextFingerprint.transportKey(draft.channel().name(), draft.instance(), draft.senderKey(), draft.externalId());
        Complaint.Reporter reporter = cleanReporter(draft.reporter(), draft.senderKey());
        Complaint.Location location = draft.location() == null ? null
                : new Complaint.Location(TextHygiene.clean(draft.location().text()), draft.location().lat(), draft.location().lon());

        for (int attempt = 1; ; attempt++) {
            String ticket = Ticket.generate();
            try {
                String finalTitle = title;
                // transport dedup is the unique transport_key: a redelivery fails the insert and is
                // answered in the DuplicateKeyException branch below, without a read on the common path
                IntakeReceipt receipt = tx.execute(status -> {
                    String original = ledger.contentOriginal(draft.senderKey(), contentHash,
                            now.minus(policy.contentDedupWindow())).orElse(null);
                    Complaint c = new Complaint(Complaint.SCHEMA_VERSION, ticket, draft.channel(), now, draft.occurredAt(),
                            new Complaint.Source(draft.externalId(), draft.instance(), rawRef), reporter, finalTitle, content,
                            draft.language(), location, category, disposition, attachments, draft.flags(), draft.followUpOf(),
                            original, original == null ? ComplaintStatus.RECEIVED : ComplaintStatus.DUPLICATE,
                            Complaint.Lapor.NONE, now.plus(policy.slaFollowUp()), false);
                    List<String> violations = json.violations(c);
                    if (!violations.isEmpty()) {
                        long qid = quarantine.put(draft.channel(), draft.instance(), draft.externalId(), raw, rawMediaType,
                                ReasonClass.VALIDATION, "canonical complaint invalid: " + String.join("; ", violations), now);
                        return new IntakeReceipt(IntakeReceipt.Outcome.QUARANTINED, null, null, qid, String.join("; ", violations));
                    }
                    ledger.insert(c, draft.senderKey(), transportKey, contentHash);
                    if (original == null) {
                        ledger.enqueueForward(ticket, draft.channel(), now);
                        return new IntakeReceipt(IntakeReceipt.Outcome.STORED, ticket, c, null, null);
                    }
                    return new IntakeReceipt(IntakeReceipt.Outcome.DUPLICATE_CONTENT, original, c, null,
                            "same text from the same sender within " + human(policy.contentDedupWindow()));
                });
                record(draft.channel(), receipt, started);
                return receipt;
            } catch (DuplicateKeyException e) {
                // either a concurrent delivery of the same provider message won, or the ticket collided
                var seen = ledger.ticketByTransportKey(transportKey);
                if (seen.isPresent()) {
                    IntakeReceipt receipt = new IntakeReceipt(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT, seen.get(), null, null,
                            "provider message already received");
                    record(draft.channel(), receipt, started);
                    return receipt;
                }
                if (attempt >= TICKET_ATTEMPTS) throw e;
                log.warn("ticket collision on attempt {}, drawing another", attempt);
            }
        }
    }

    /** Quarantines raw input a channel rejected; committed when this returns. */
    public long quarantine(Channel channel, String instance, String externalId, byte[] raw, String rawMediaType,
                           ReasonClass reasonClass, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Long id = tx.execute(s -> quarantine.put(channel, instance, externalId, raw, rawMediaType, reasonClass, reason, now));
        metrics.count(channel, GatewayMetrics.Event.QUARANTINED);
        log.info("quarantined {} input {} ({}): {}", channel, id, reasonClass, reason);
        return id;
    }

    /** Counts input that is not a complaint (receipts, auto-replies, status webhooks). */
    public void ignored(Channel channel, String reason) {
        metrics.count(channel, GatewayMetrics.Event.IGNORED);
        log.debug("ignored {} input: {}", channel, reason);
    }

    static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0) return d.toHours() + " h";
        if (d.toSeconds() % 60 == 0) return d.toMinutes() + " min";
        return d.toSeconds() + " s";
    }

    private void record(Channel channel, IntakeReceipt receipt, long started) {
        metrics.intakeCommit(channel, Duration.ofNanos(System.nanoTime() - started));
        switch (receipt.outcome()) {
            case STORED -> metrics.count(channel, GatewayMetrics.Event.STORED);
            case DUPLICATE_TRANSPORT, DUPLICATE_CONTENT -> metrics.count(channel, GatewayMetrics.Event.DUPLICATE);
            case QUARANTINED -> metrics.count(channel, GatewayMetrics.Event.QUARANTINED);
            case IGNORED -> metrics.count(channel, GatewayMetrics.Event.IGNORED);
        }
        log.debug("intake {} {} ticket={}", channel, receipt.outcome(), receipt.ticket());
    }

    private List<Complaint.Attachment> storeAttachments(ComplaintDraft draft) {
        List<Complaint.Attachment> out = new ArrayList<>();
        for (ComplaintDraft.AttachmentContent a : draft.attachments()) {
            String sha = blobs.put(a.bytes());
            out.add(new Complaint.Attachment(a.filename(), MediaTypes.detect(a.bytes()), a.bytes().length, sha));
        }
        return out;
    }

    private static Complaint.Reporter cleanReporter(Complaint.Reporter r, String senderKey) {
        if (r == null) return Complaint.Reporter.unknown(senderKey);
        String channelUserId = r.channelUserId() == null ? senderKey : r.channelUserId();
        String name = TextHygiene.clean(r.name());
        if (name != null && name.isBlank()) name = null;
        return new Complaint.Reporter(name, r.phone(), r.email(), channelUserId, r.anonymous(), r.confidential());
    }
}

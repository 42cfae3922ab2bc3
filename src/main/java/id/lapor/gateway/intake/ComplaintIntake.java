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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shared intake every channel calls (route {@code direct:complaint-intake}): ticket, transport
 * and content dedup, enrichment (category, disposition, SLA due date), schema validation, then ONE
 * transaction that stores the complaint, its attachment metadata and its outbox row (complaints
 * arriving together share that transaction: see {@link GroupCommit}). Attachment
 * and raw bytes are written to the content-addressed store before that transaction. The receipt
 * is returned only after the commit; if the store is down this throws and the channel must answer
 * its sender with a transient error.
 */
public class ComplaintIntake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComplaintIntake.class);
    /**
     * Raw inputs up to this size are kept in the complaint's row, committed with it; larger ones are
     * files in the blob store, forced to disk before the commit. A file per SMS meant an fsync per
     * message on the path to deliver_sm_resp (V7 migration).
     */
    static final int RAW_INLINE_MAX = 4096;
    private static final int TICKET_ATTEMPTS = 5;

    /** Settings of the intake; see gateway.* in the README. */
    public record Policy(Duration contentDedupWindow, Duration slaFollowUp, int writers, int maxBatch) {
        public Policy(Duration contentDedupWindow, Duration slaFollowUp) {
            this(contentDedupWindow, slaFollowUp, 2, 64);
        }
    }

    private final Ledger ledger;
    private final QuarantineStore quarantine;
    private final AttachmentStore blobs;
    private final Enrichment enrichment;
    private final CanonicalJson json;
    private final TransactionTemplate tx;
    private final GatewayMetrics metrics;
    private final Policy policy;
    private final Clock clock;
    private final GroupCommit<Pending, IntakeReceipt> writer;

    /** With the keyword lexicon as the category suggester (no model). */
    public ComplaintIntake(Ledger ledger, QuarantineStore quarantine, AttachmentStore blobs, CategoryLexicon categories,
                           DispositionRules dispositions, CanonicalJson json, TransactionTemplate tx,
                           GatewayMetrics metrics, Policy policy, Clock clock) {
        this(ledger, quarantine, blobs, categories, categories, dispositions, json, tx, metrics, policy, clock);
    }

    /** @param suggester suggests each complaint's category ({@link Enrichment}) */
    public ComplaintIntake(Ledger ledger, QuarantineStore quarantine, AttachmentStore blobs, CategoryLexicon categories,
                           CategorySuggester suggester, DispositionRules dispositions, CanonicalJson json, TransactionTemplate tx,
                           GatewayMetrics metrics, Policy policy, Clock clock) {
        this.ledger = ledger;
        this.quarantine = quarantine;
        this.blobs = blobs;
        this.enrichment = new Enrichment(categories, suggester, dispositions, policy.slaFollowUp());
        this.json = json;
        this.tx = tx;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
        this.writer = new GroupCommit<>("intake-writer", policy.writers(), policy.maxBatch(), 4 * policy.maxBatch() + 1024,
                this::storeBatch, this::storeOne);
    }

    /** Route entry ({@code direct:complaint-intake}). */
    public IntakeReceipt intake(IntakeRequest request) {
        return accept(request.draft(), request.raw(), request.rawMediaType());
    }

    /** Accepts one normalised complaint with the raw input it came from. */
    public IntakeReceipt accept(ComplaintDraft draft, byte[] raw, String rawMediaType) {
        metrics.count(draft.channel(), GatewayMetrics.Event.RECEIVED);
        long started = System.nanoTime();
        Pending pending = prepare(draft, raw);
        try (var trace = traces.open(pending.complaint().ticket(), "intake")) {
            return acceptPrepared(draft, raw, rawMediaType, pending, started);
        }
    }

    /** Puts each complaint's trace in the log context; MDC only until ops sets the tracer's ({@link #traces}). */
    private volatile id.lapor.gateway.ops.ComplaintTraces traces = id.lapor.gateway.ops.ComplaintTraces.MDC_ONLY;

    /** Ops' hook (#18): the complaint traces intake is logged under (the trace id follows from the ticket). */
    public void traces(id.lapor.gateway.ops.ComplaintTraces traces) {
        this.traces = traces;
    }

    private IntakeReceipt acceptPrepared(ComplaintDraft draft, byte[] raw, String rawMediaType, Pending pending, long started) {
        Complaint c = pending.complaint();
        // the stored version differs only in ticket, status and duplicate_of, which the schema allows either way
        List<String> violations = json.violations(c);
        IntakeReceipt receipt;
        if (!violations.isEmpty()) {
            String found = String.join("; ", violations);
            Long qid = tx.execute(s -> quarantine.put(draft.channel(), draft.instance(), draft.externalId(), raw, rawMediaType,
                    ReasonClass.VALIDATION, "canonical complaint invalid: " + found, c.receivedAt()));
            receipt = new IntakeReceipt(IntakeReceipt.Outcome.QUARANTINED, null, null, qid, found);
        } else {
            receipt = writer.submit(pending, pending.senderKey());
        }
        record(draft.channel(), receipt, started);
        return receipt;
    }

    /**
     * Everything intake decides without the ledger: blobs written, the {@link Enrichment} (text cleaned,
     * category, disposition, SLA due date), a fresh ticket, the dedup keys. Status is RECEIVED until the commit decides.
     */
    Pending prepare(ComplaintDraft draft, byte[] raw) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] rawInline = raw != null && raw.length <= RAW_INLINE_MAX ? raw : null;
        String rawRef = raw == null ? null : "sha256:" + (rawInline != null ? TextFingerprint.sha256Hex(raw) : blobs.put(raw));
        List<Complaint.Attachment> attachments = storeAttachments(draft);

        Complaint c = enrichment.complaint(draft, Ticket.generate(), now, rawRef, attachments);
        String contentHash = TextFingerprint.contentHash(c.title(), c.content());
        // a letter's provider id is its file's sha256, one per intake point whoever signed it (the signer is
        // read off the page, and a typed-in name at the counter may differ from what OCR read)
        String transportSender = draft.channel() == Channel.LETTER ? "letter:" + draft.instance() : draft.senderKey();
        String transportKey = TextFingerprint.transportKey(draft.channel().name(), draft.instance(), transportSender, draft.externalId());
        return new Pending(c, draft.senderKey(), transportKey, contentHash, rawInline);
    }

    /** A prepared complaint on its way to the commit, with the keys dedup looks it up by (and its raw input when small). */
    record Pending(Complaint complaint, String senderKey, String transportKey, String contentHash, byte[] rawInline) {
        String contentKey() {
            return Ledger.contentKey(senderKey, contentHash);
        }

        /** The ledger row for this complaint as the commit decided it ({@code c}: ticket, status, duplicate_of). */
        Ledger.NewRow row(Complaint c) {
            return new Ledger.NewRow(c, senderKey, transportKey, contentHash, rawInline);
        }
    }

    /**
     * The flag of a complaint whose provider id is on record for a different input, for the channels
     * whose senders reuse ids (a form mailer's fixed Message-ID: freescout-help-desk/freescout#5591);
     * null for the others, where any provider-id match is a redelivery.
     */
    static String reusedFlag(Channel channel) {
        return channel == Channel.EMAIL ? "EMAIL_MESSAGE_ID_REUSED" : null;
    }

    /** A redelivery is the same input: the same raw bytes, or (a copy that took another route) the same title and text. */
    static boolean sameInput(Ledger.Transported seen, Pending p) {
        String rawRef = p.complaint().source().rawRef();
        return rawRef != null && rawRef.equals(seen.rawRef()) || seen.contentHash().equals(p.contentHash());
    }

    /**
     * A different input under a provider id already on record: stored as a complaint of its own, flagged,
     * under a transport key that adds its raw bytes' hash (so its own redelivery is still a duplicate).
     */
    static Pending reused(Pending p) {
        Complaint c = p.complaint();
        List<String> flags = new ArrayList<>(c.flags());
        flags.add(reusedFlag(c.channel()));
        String identity = c.source().rawRef() != null ? c.source().rawRef() : p.contentHash();
        String key = TextFingerprint.transportKey(c.channel().name(), c.source().instance(), p.senderKey(),
                c.source().externalId() + '\u0000' + identity);
        return new Pending(c.toBuilder().flags(flags).build(), p.senderKey(), key, p.contentHash(), p.rawInline());
    }

    /** Stores one complaint in its own transaction; draws another ticket if the ticket collided. */
    IntakeReceipt storeOne(Pending pending) {
        Pending p = pending;
        boolean reused = false;
        for (int attempt = 1; ; attempt++) {
            Complaint drafted = attempt == 1 ? p.complaint() : as(p.complaint(), Ticket.generate(), null);
            Pending current = p;
            try {
                return tx.execute(status -> {
                    // transport dedup is the unique transport_key: a redelivery fails the insert and is
                    // answered in the DuplicateKeyException branch below, without a read on the common path
                    Instant since = drafted.receivedAt().minus(policy.contentDedupWindow());
                    String original = ledger.contentOriginal(current.senderKey(), current.contentHash(), since).orElse(null);
                    Complaint c = as(drafted, drafted.ticket(), original);
                    if (original == null) {
                        c = sameText(c, current.senderKey(), ledger.textOriginals(List.of(current.contentHash()), since)
                                .getOrDefault(current.contentHash(), List.of()), since);
                    }
                    ledger.insertAll(List.of(current.row(c)));
                    return receiptFor(c);
                });
            } catch (DuplicateKeyException e) {
                // either a concurrent delivery of the same provider message won, or the ticket collided,
                // or the provider id is on record for a different input
                Ledger.Transported seen = p.transportKey() == null ? null
                        : ledger.transportedByKeys(List.of(p.transportKey())).get(p.transportKey());
                if (seen != null) {
                    if (reused || reusedFlag(p.complaint().channel()) == null || sameInput(seen, p)) return duplicateTransport(seen.told());
                    p = reused(p);
                    reused = true;
                    continue;
                }
                if (attempt >= TICKET_ATTEMPTS) throw e;
                log.warn("ticket collision on attempt {}, drawing another", attempt);
            }
        }
    }

    /**
     * Stores several complaints in ONE transaction: one read for the transport keys already on record,
     * one for content originals, then one JDBC batch per table. Duplicates inside the batch are found
     * in memory, in arrival order. A constraint violation (a race with another node, a ticket
     * collision) fails the whole batch and {@link GroupCommit} stores each item alone instead.
     */
    List<IntakeReceipt> storeBatch(List<Pending> batch) {
        return tx.execute(status -> {
            Instant oldest = batch.stream().map(p -> p.complaint().receivedAt()).min(Instant::compareTo).orElseThrow();
            Set<String> keys = new HashSet<>();
            Set<String> senders = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            for (Pending p : batch) {
                if (p.transportKey() != null) keys.add(p.transportKey());
                senders.add(p.senderKey());
                hashes.add(p.contentHash());
            }
            Map<String, Ledger.Transported> told = ledger.transportedByKeys(keys);
            Set<String> reusedKeys = new HashSet<>();
            for (Pending p : batch) {
                Ledger.Transported seen = p.transportKey() == null ? null : told.get(p.transportKey());
                if (seen != null && reusedFlag(p.complaint().channel()) != null && !sameInput(seen, p)) reusedKeys.add(reused(p).transportKey());
            }
            if (!reusedKeys.isEmpty()) told.putAll(ledger.transportedByKeys(reusedKeys));
            Map<String, List<Ledger.Original>> originals = ledger.contentOriginals(senders, hashes,
                    oldest.minus(policy.contentDedupWindow()));
            Map<String, List<Ledger.TextOriginal>> texts = ledger.textOriginals(hashes, oldest.minus(policy.contentDedupWindow()));
            List<Ledger.NewRow> rows = new ArrayList<>(batch.size());
            List<IntakeReceipt> receipts = new ArrayList<>(batch.size());
            for (Pending arrived : batch) {
                Pending p = arrived;
                Ledger.Transported seen = p.transportKey() == null ? null : told.get(p.transportKey());
                if (seen != null && reusedFlag(p.complaint().channel()) != null && !sameInput(seen, p)) {
                    p = reused(p);
                    seen = told.get(p.transportKey());
                }
                if (seen != null) {
                    receipts.add(duplicateTransport(seen.told()));
                    continue;
                }
                Complaint drafted = p.complaint();
                Instant since = drafted.receivedAt().minus(policy.contentDedupWindow());
                List<Ledger.Original> earlier = originals.computeIfAbsent(p.contentKey(), k -> new ArrayList<>());
                String original = earlier.stream().filter(o -> !o.receivedAt().isBefore(since))
                        .map(Ledger.Original::ticket).findFirst().orElse(null);
                Complaint c = as(drafted, drafted.ticket(), original);
                if (original == null) {
                    List<Ledger.TextOriginal> sameText = texts.computeIfAbsent(p.contentHash(), k -> new ArrayList<>());
                    c = sameText(c, p.senderKey(), sameText, since);
                    sameText.add(new Ledger.TextOriginal(p.senderKey(), c.ticket(), c.receivedAt()));
                }
                rows.add(p.row(c));
                if (original == null) earlier.add(new Ledger.Original(c.ticket(), c.receivedAt()));
                if (p.transportKey() != null) {
                    told.put(p.transportKey(), new Ledger.Transported(original == null ? c.ticket() : original, p.contentHash(),
                            c.source().rawRef()));
                }
                receipts.add(receiptFor(c));
            }
            if (!rows.isEmpty()) ledger.insertAll(rows);
            return receipts;
        });
    }

    /**
     * Content dedup holds only within one sender: the same text from another reporter (a petition, a
     * template letter signed by several people) is a complaint of its own, flagged
     * {@code SAME_TEXT_AS:<ticket>} with the earliest such complaint within the dedup window.
     */
    static Complaint sameText(Complaint c, String senderKey, List<Ledger.TextOriginal> earlier, Instant since) {
        return earlier.stream().filter(o -> !o.senderKey().equals(senderKey) && !o.receivedAt().isBefore(since)).findFirst()
                .map(o -> {
                    List<String> flags = new ArrayList<>(c.flags());
                    flags.add("SAME_TEXT_AS:" + o.ticket());
                    return c.toBuilder().flags(flags).build();
                })
                .orElse(c);
    }

    private IntakeReceipt receiptFor(Complaint c) {
        if (c.duplicateOf() == null) return new IntakeReceipt(IntakeReceipt.Outcome.STORED, c.ticket(), c, null, null);
        return new IntakeReceipt(IntakeReceipt.Outcome.DUPLICATE_CONTENT, c.duplicateOf(), c, null,
                "same text from the same sender within " + human(policy.contentDedupWindow()));
    }

    private static IntakeReceipt duplicateTransport(String ticket) {
        return new IntakeReceipt(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT, ticket, null, null, "provider message already received");
    }

    /** The complaint under {@code ticket}, as a duplicate of {@code original} or as a new complaint when that is null. */
    private static Complaint as(Complaint c, String ticket, String original) {
        return c.toBuilder().ticket(ticket).duplicateOf(original)
                .status(original == null ? ComplaintStatus.RECEIVED : ComplaintStatus.DUPLICATE).build();
    }

    /** The raw input a complaint was made from ({@code source.raw_ref}): from its row when small, else the blob store. */
    public Optional<byte[]> raw(Complaint c) {
        String ref = c.source().rawRef();
        if (ref == null || !ref.startsWith("sha256:")) return Optional.empty();
        Optional<byte[]> inline = ledger.rawInline(c.ticket());
        return inline.isPresent() ? inline : blobs.get(ref.substring("sha256:".length()));
    }

    /** Stops the writer after it has committed what is queued. */
    @Override
    public void close() {
        writer.close();
    }

    /** Quarantines raw input a channel rejected; committed when this returns. */
    public long quarantine(Channel channel, String instance, String externalId, byte[] raw, String rawMediaType,
                           ReasonClass reasonClass, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Long id = tx.execute(s -> quarantine.put(channel, instance, externalId, raw, rawMediaType, reasonClass, reason, now));
        metrics.quarantined(channel, reasonClass);
        log.info("quarantined {} input {} ({}): {}", channel, id, reasonClass, reason);
        return id;
    }

    /** Counts input that is not a complaint (receipts, auto-replies, status webhooks). */
    public void ignored(Channel channel, String reason) {
        metrics.ignored(channel, reason);
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
            // only the schema check quarantines inside accept()
            case QUARANTINED -> metrics.quarantined(channel, ReasonClass.VALIDATION);
            case IGNORED -> metrics.ignored(channel, receipt.reason());
        }
        log.debug("intake {} {} ticket={}", channel, receipt.outcome(), receipt.ticket());
    }

    private List<Complaint.Attachment> storeAttachments(ComplaintDraft draft) {
        List<Complaint.Attachment> out = new ArrayList<>();
        for (ComplaintDraft.AttachmentContent a : draft.attachments()) {
            out.add(Enrichment.attachment(a, blobs.put(a.bytes())));
        }
        return out;
    }
}

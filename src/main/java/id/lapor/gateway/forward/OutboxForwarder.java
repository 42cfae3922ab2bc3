package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.ReviewHold;
import id.lapor.gateway.ops.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards due outbox rows to LAPOR!: upload attachments (once; their ids are kept), create the
 * complaint with the ticket as Idempotency-Key ({@link #createKey}), store the LAPOR! id and mark the row done in one
 * transaction. Failures are retried with backoff ({@link LaporBackoff}; the schedule is the outbox
 * row's, committed after every attempt), 429 honours Retry-After, a permanent 4xx parks the row with
 * its status and body. While the circuit breaker ({@link LaporBreaker}) is open nothing is claimed:
 * an outage costs backlog, nothing else. Called by the forwarder route on a timer.
 *
 * <p>At most one report per ticket and admin re-send, without relying on LAPOR! honouring the Idempotency-Key (its
 * contract has none): before a create is sent, the row records it ({@code create_sent_at},
 * committed). A create LAPOR! answered with "not taken" (an error status, connection refused) clears
 * it and may be sent again. A create whose outcome is unknown (timeout or reset after sending, 504,
 * 2xx without an id, or a node that died or lost its lease between sending and committing, seen as
 * {@code create_sent_at} on the next claim) is sent again only after its complaint has been marked
 * LAPOR_CREATE_UNCERTAIN ({@code complaint.lapor_create_uncertain}, metric
 * {@code gateway_lapor_create_uncertain_total}), and with the same key, so that an admin can check
 * LAPOR! for a duplicate. No other path sends a create twice: a complaint with a LAPOR! id is never
 * sent again, and HttpClient retries nothing by itself. The mark errs on the safe side: a node that
 * died after recording the send but before the request left also leaves its complaint marked. Sends
 * of a marked complaint are bounded too: an unknown outcome again once {@code max-attempts} are used
 * up parks the row ({@link #UNCERTAIN_PARK_REASON}) for an admin to check LAPOR! before re-driving.
 *
 * <p>The one path that does send a second create is an admin's: a forwarded complaint status sync found gone from
 * LAPOR! (404, {@code complaint.lapor_missing_since}) and an admin re-sends as a new report ({@link #redrive}). Its
 * old LAPOR! number is forgotten and its outbox row's {@code resend_count} goes one up, which gives the create and
 * the uploads keys LAPOR! has not seen ({@link #createKey}, {@link #uploadKey}): a LAPOR! that honours keys and
 * remembers the old one would otherwise answer with the deleted report's number.
 *
 * <p>A complaint held for an admin's category review ({@link ReviewHold}) is claimed only once its hold
 * ends or an admin releases it (its row's {@code next_attempt_at}); one whose hold ran out goes with the
 * disposition intake gave it, and its history notes that no admin decided.
 */
public class OutboxForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxForwarder.class);

    /** What happened to one row in one attempt. */
    public enum Result { FORWARDED, RETRY, PARKED }

    private final String node;
    private final OutboxRepository outbox;
    private final Ledger ledger;
    private final AttachmentStore blobs;
    private final LaporClient client;
    private final LaporRequestMapper mapper;
    private final LaporBreaker breaker;
    private final LaporBackoff retry;
    private final TransactionTemplate tx;
    private final GatewayMetrics metrics;
    private final LaporProperties.Forward settings;
    private final Clock clock;
    private final ExecutorService workers;

    public OutboxForwarder(String node, OutboxRepository outbox, Ledger ledger, AttachmentStore blobs, LaporClient client,
                           LaporRequestMapper mapper, LaporBreaker breaker, LaporBackoff retry, TransactionTemplate tx,
                           GatewayMetrics metrics, LaporProperties.Forward settings, Clock clock) {
        this.node = node;
        this.outbox = outbox;
        this.ledger = ledger;
        this.blobs = blobs;
        this.client = client;
        this.mapper = mapper;
        this.breaker = breaker;
        this.retry = retry;
        this.tx = tx;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "lapor-forwarder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Rows this node held when it died are due again now. */
    public int recoverAfterRestart() {
        int n = outbox.releaseOwn(node, clock.instant());
        if (n > 0) log.info("released {} outbox row(s) this node ({}) held before a restart", n, node);
        return n;
    }

    /** Rounds one tick may run back to back while full batches keep coming (a backlog drains fast). */
    static final int MAX_ROUNDS_PER_TICK = 50;

    /**
     * One tick: claims up to batch-size due rows (fewer when the breaker says so) and forwards them,
     * and goes on with the next batch at once while batches come back full. Returns rows handled.
     */
    public int forwardDue() throws InterruptedException {
        int total = 0;
        for (int round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
            int n = forwardBatch();
            total += n;
            if (n < settings.batchSize()) break;
        }
        return total;
    }

    private int forwardBatch() throws InterruptedException {
        int permits = breaker.permits(settings.batchSize());
        if (permits == 0) return 0;
        List<OutboxRepository.Claimed> rows = outbox.claim(node, permits, clock.instant(), settings.lease());
        if (rows.isEmpty()) {
            breaker.unused();
            return 0;
        }
        if (rows.size() == 1) {
            forward(rows.get(0));
            return 1;
        }
        List<Callable<Result>> jobs = new ArrayList<>();
        for (OutboxRepository.Claimed row : rows) jobs.add(() -> forward(row));
        for (Future<Result> f : workers.invokeAll(jobs)) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("forwarding failed unexpectedly", e.getCause());
            }
        }
        return rows.size();
    }

    /** Puts each row's complaint trace in the log context; MDC only until ops sets the tracer's ({@link #traces}). */
    private volatile id.lapor.gateway.ops.ComplaintTraces traces = id.lapor.gateway.ops.ComplaintTraces.MDC_ONLY;

    /** Ops' hook (#18): the complaint traces forwarding is logged under. */
    public void traces(id.lapor.gateway.ops.ComplaintTraces traces) {
        this.traces = traces;
    }

    /** Forwards one claimed row; never throws for a LAPOR! failure. */
    public Result forward(OutboxRepository.Claimed row) {
        try (var trace = traces.open(row.ticket(), "forward")) {
            return forwardTraced(row);
        }
    }

    private Result forwardTraced(OutboxRepository.Claimed row) {
        long started = System.nanoTime();
        Result result;
        try {
            result = attempt(row);
        } catch (RuntimeException e) {
            // our own problem (store hiccup, unmappable complaint): keep the row, try later
            log.error("outbox row {} ({}) failed inside the gateway: {}", row.id(), row.ticket(), e.toString());
            Instant next = clock.instant().plus(retry.delay(row.attempts(), null));
            safeReschedule(row, next, null, "gateway error: " + e);
            result = Result.RETRY;
        }
        metrics.forwardRoundTrip(row.channel(), result.name().toLowerCase(java.util.Locale.ROOT),
                Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    private Result attempt(OutboxRepository.Claimed row) {
        Complaint c = ledger.find(row.ticket()).orElse(null);
        if (c == null) {
            return park(row, null, "complaint " + row.ticket() + " not in the ledger");
        }
        if (c.lapor().complaintId() != null) {
            // forwarded before and recorded; only the outbox row was not closed
            tx.executeWithoutResult(s -> outbox.done(row.id(), clock.instant()));
            return Result.FORWARDED;
        }
        Long originalLaporId = null;
        if (c.followUpOf() != null) {
            Complaint original = ledger.find(c.followUpOf()).orElse(null);
            if (original != null && original.lapor().complaintId() == null && original.status() == ComplaintStatus.RECEIVED) {
                // a follow-up names the LAPOR! report it adds to: wait until the original has its tracking id
                Instant now = clock.instant();
                Instant originalDue = outbox.find(c.followUpOf()).filter(o -> "PENDING".equals(o.state()))
                        .map(OutboxRepository.Row::nextAttemptAt).orElse(null);
                Instant next = ReviewHold.followUpRetryAt(now, now.plus(retry.delay(0, null)), originalDue);
                safeReschedule(row, next, null, "waiting for ticket " + c.followUpOf() + " to be forwarded first");
                return Result.RETRY;
            }
            if (original != null) originalLaporId = original.lapor().complaintId();
        }
        boolean createSent = false;
        try {
            List<Long> uploadIds = uploads(row, c);
            Map<String, Object> body = mapper.toCreateBody(c, uploadIds, originalLaporId);
            if (row.createSentAt() != null) {
                // an earlier create's outcome is unknown (its answer was lost, or a node died before recording it)
                uncertain(row, "create sent at " + row.createSentAt() + " without a recorded answer");
            }
            outbox.createSending(row.id(), clock.instant());
            createSent = true;
            long laporId = client.create(body, createKey(row.ticket(), row.resendCount()));
            Instant now = clock.instant();
            boolean holdEnded = ReviewHold.outcome(row.heldUntil(), row.holdDecided()) == ReviewHold.Outcome.HOLD_ENDED;
            tx.executeWithoutResult(s -> {
                outbox.done(row.id(), now);
                if (holdEnded) ledger.addHistory(row.ticket(), ComplaintStatus.RECEIVED, null, ReviewHold.holdEndedNote(c.disposition()), now);
                ledger.changeStatus(row.ticket(), ComplaintStatus.FORWARDED, laporId, null, now,
                        "forwarded to LAPOR! as #" + laporId, now);
            });
            breaker.onSuccess();
            metrics.count(c.channel(), GatewayMetrics.Event.FORWARDED);
            log.info("ticket {} forwarded to LAPOR! #{} (attempt {}{})", row.ticket(), laporId, row.attempts(),
                    holdEnded ? "; category review hold ended without a decision" : "");
            return Result.FORWARDED;
        } catch (LaporRequestMapper.UnmappableException e) {
            return park(row, null, e.getMessage());
        } catch (LaporException e) {
            return failed(row, e, createSent);
        }
    }

    /** Marks the complaint LAPOR_CREATE_UNCERTAIN (once) before its create is sent again; true when newly marked. */
    private boolean uncertain(OutboxRepository.Claimed row, String why) {
        if (outbox.markCreateUncertain(row.ticket())) {
            metrics.laporCreateUncertain(row.channel());
            log.warn("ticket {} marked LAPOR_CREATE_UNCERTAIN: {}; LAPOR! may hold two reports of it", row.ticket(), why);
            return true;
        }
        return false;
    }

    /**
     * Start of the reason of a row parked because its creates kept ending with an unknown outcome
     * (console: {@code history.parkedUncertain}); followed by the attempts and the last failure.
     */
    public static final String UNCERTAIN_PARK_REASON = "create outcome unknown after %d attempts, LAPOR! may hold several reports: %s";

    private List<Long> uploads(OutboxRepository.Claimed row, Complaint c) throws LaporException {
        if (c.attachments().isEmpty()) return List.of();
        if (row.uploadedIds() != null && !row.uploadedIds().isBlank()) {
            return Arrays.stream(row.uploadedIds().split(",")).map(String::strip).map(Long::valueOf).toList();
        }
        List<LaporClient.Upload> files = new ArrayList<>();
        for (Complaint.Attachment a : c.attachments()) {
            byte[] bytes;
            try {
                bytes = blobs.get(a.sha256()).orElseThrow(() -> new LaporRequestMapper.UnmappableException(
                        "attachment bytes " + a.sha256() + " missing from the store (" + blobs.describe() + ")"));
            } catch (AttachmentStore.CorruptBlobException e) {
                // parked with the reason; a store outage (BlobStoreUnavailableException) is retried instead
                throw new LaporRequestMapper.UnmappableException("attachment " + a.filename() + ": " + e.getMessage());
            }
            files.add(new LaporClient.Upload(LaporRequestMapper.safeFilename(a.filename()), a.mediaType(), bytes));
        }
        List<Long> ids = client.upload(files, uploadKey(row.ticket(), row.resendCount()));
        outbox.saveUploads(row.id(), String.join(",", ids.stream().map(String::valueOf).toList()));
        return ids;
    }

    /** @param createSent the failure is the create's answer (not an upload's) */
    private Result failed(OutboxRepository.Claimed row, LaporException e, boolean createSent) {
        boolean unknown = createSent && e.outcomeUnknown();
        boolean firstUnknown = unknown && uncertain(row, e.getMessage());
        boolean answered = createSent && !unknown;
        if (e.countsAsOutage()) breaker.onFailure(e);
        else breaker.onSuccess(); // LAPOR! answered; the complaint is the problem
        if (e.kind() == LaporException.Kind.RATE_LIMITED && e.retryAfter() != null) breaker.holdFor(e.retryAfter());
        // what LAPOR! said, readable (RefusalReason); the raw body only when it says nothing we can read
        String said = RefusalReason.of(e.body());
        String reason = e.getMessage() + (said != null ? ": " + said : e.body() == null ? "" : " body: " + e.body());
        boolean exhausted = e.kind() == LaporException.Kind.INVALID_RESPONSE && row.attempts() >= settings.maxAttempts();
        // a create whose outcome stays unknown (an upstream that creates and then drips, hangs or answers 504 every
        // time) would otherwise be sent again forever, each send a possible new report where the key is ignored:
        // once the complaint was already marked uncertain and the attempts are used up, an admin checks LAPOR!
        boolean unknownAgain = unknown && !firstUnknown && row.attempts() >= settings.maxAttempts();
        if (unknownAgain) {
            return park(row, e.httpStatus() == 0 ? null : e.httpStatus(),
                    String.format(java.util.Locale.ROOT, UNCERTAIN_PARK_REASON, row.attempts(), reason), false);
        }
        if (e.kind() == LaporException.Kind.PERMANENT || exhausted) {
            return park(row, e.httpStatus() == 0 ? null : e.httpStatus(), reason, answered);
        }
        Instant next = clock.instant().plus(retry.delay(row.attempts(), e.retryAfter()));
        log.warn("ticket {} attempt {} failed ({}), next try at {}", row.ticket(), row.attempts(), e.getMessage(), next);
        try {
            outbox.reschedule(row.id(), next, e.httpStatus() == 0 ? null : e.httpStatus(), reason, answered);
        } catch (RuntimeException ex) {
            // the lease brings it back anyway
            log.error("cannot reschedule outbox row {}: {}", row.id(), ex.toString());
        }
        return Result.RETRY;
    }

    private Result park(OutboxRepository.Claimed row, Integer status, String reason) {
        return park(row, status, reason, false);
    }

    private Result park(OutboxRepository.Claimed row, Integer status, String reason, boolean createAnswered) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            outbox.park(row.id(), status, reason, now, createAnswered);
            ledger.changeStatus(row.ticket(), ComplaintStatus.PARKED, null, null, null,
                    // the reason names the HTTP status already where there is one (LaporException's message)
                    "parked: " + reason, now);
        });
        metrics.count(row.channel(), GatewayMetrics.Event.PARKED);
        log.warn("ticket {} parked: {}", row.ticket(), status == null ? reason : "HTTP " + status);
        return Result.PARKED;
    }

    private void safeReschedule(OutboxRepository.Claimed row, Instant next, Integer status, String error) {
        try {
            outbox.reschedule(row.id(), next, status, error);
        } catch (RuntimeException e) {
            // the lease brings it back anyway
            log.error("cannot reschedule outbox row {}: {}", row.id(), e.toString());
        }
    }

    /**
     * The Idempotency-Key of a ticket's create: the ticket itself until an admin re-sends the complaint as a new
     * report, then {@code <ticket>-r<n>} for the n-th re-send. Generation 0 is the ticket exactly, so nothing changed
     * for rows forwarded before re-sends existed (V9_22 migration).
     *
     * @param resendCount the outbox row's {@code resend_count} (0 or more)
     */
    public static String createKey(String ticket, int resendCount) {
        return resendCount == 0 ? ticket : ticket + "-r" + resendCount;
    }

    /** The Idempotency-Key of a ticket's attachment upload: {@link #createKey} followed by {@code -attachments}. */
    public static String uploadKey(String ticket, int resendCount) {
        return createKey(ticket, resendCount) + "-attachments";
    }

    /**
     * The history note of an admin's re-send as a new report ({@code %d}: the LAPOR! number LAPOR! answered 404 for);
     * the console renders it in the admin's language ({@code history.resentAsNew}).
     */
    public static final String RESENT_NOTE = "sent again as a new report by an admin: LAPOR! did not know #%d";

    /**
     * What an admin's re-drive did.
     *
     * @param formerLaporId for {@link Outcome#RESENT_AS_NEW}: the LAPOR! number the complaint had (null otherwise)
     */
    public record Redrive(Outcome outcome, Long formerLaporId) {
        /** How a re-drive ended. */
        public enum Outcome {
            /** A parked complaint is queued again (same Idempotency-Key). */
            REDRIVEN,
            /** A complaint LAPOR! no longer knows is queued as a new report (a new Idempotency-Key). */
            RESENT_AS_NEW,
            /** Neither parked nor marked missing at LAPOR!: nothing changed. */
            NOT_REDRIVABLE
        }

        static final Redrive NOTHING = new Redrive(Outcome.NOT_REDRIVABLE, null);

        /** Whether the complaint was queued for LAPOR! again. */
        public boolean queued() {
            return outcome != Outcome.NOT_REDRIVABLE;
        }
    }

    /**
     * Re-drives a ticket (admin action), in one transaction:
     * <ul>
     *   <li>a PARKED one goes back to PENDING with its attempts reset (status RECEIVED, history "re-driven by an
     *   admin"), with the same Idempotency-Key as before;</li>
     *   <li>a forwarded one status sync marked missing at LAPOR! ({@code complaint.lapor_missing_since}) is sent again
     *   as a new report: its LAPOR! number, LAPOR! status name and mark are cleared, status RECEIVED with the history
     *   line {@link #RESENT_NOTE} (which keeps the old number), and its outbox row is pending now with attempts and
     *   errors cleared and {@code resend_count} one up, so that the create goes with a new key ({@link #createKey}).
     *   The mark gone, the console's LAPOR! tile, the {@code gateway_lapor_missing} gauge and its alert no longer
     *   count it.</li>
     * </ul>
     * Anything else is left as it is ({@link Redrive.Outcome#NOT_REDRIVABLE}).
     */
    public Redrive redrive(String ticket) {
        Instant now = clock.instant();
        Redrive done = tx.execute(s -> {
            if (outbox.redrive(ticket, now)) {
                ledger.changeStatus(ticket, ComplaintStatus.RECEIVED, null, null, null, "re-driven by an admin", now);
                return new Redrive(Redrive.Outcome.REDRIVEN, null);
            }
            Long gone = ledger.lockLaporMissing(ticket).orElse(null);
            if (gone == null || !outbox.resendAsNew(ticket, now)) return Redrive.NOTHING;
            ledger.forgetLaporReport(ticket);
            ledger.changeStatus(ticket, ComplaintStatus.RECEIVED, null, null, null, RESENT_NOTE.formatted(gone), now);
            return new Redrive(Redrive.Outcome.RESENT_AS_NEW, gone);
        });
        if (done != null && done.outcome() == Redrive.Outcome.RESENT_AS_NEW) {
            log.info("ticket {} queued as a new LAPOR! report (LAPOR! no longer knew #{})", ticket, done.formerLaporId());
        }
        return done == null ? Redrive.NOTHING : done;
    }

    public LaporBreaker breaker() {
        return breaker;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

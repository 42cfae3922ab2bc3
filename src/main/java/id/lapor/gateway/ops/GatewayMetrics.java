package id.lapor.gateway.ops;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-channel counters and timers, exported at /actuator/prometheus as
 * {@code gateway_complaints_total{channel,event}}, {@code gateway_intake_commit_seconds{channel}} and
 * {@code gateway_forward_roundtrip_seconds{channel,outcome}}. All counters exist from start-up (at 0),
 * so a dashboard shows a silent channel as 0 rather than as missing.
 *
 * <p>Breakdowns of two events (#18), each summing to its event's count:
 * {@code gateway_complaints_ignored_total{channel,reason}} (reason one of {@link IgnoredReason}) and
 * {@code gateway_complaints_quarantined_total{channel,reason_class}} ({@code ReasonClass} in lower case).
 * Replies: {@code gateway_replies_total{channel,outcome}} (sent, suppressed, retry, failed); OCR:
 * {@code gateway_ocr_page_seconds{…}} (its {@code _count} is pages read). The time of the last input per
 * channel ({@link #lastInput}) feeds {@link QuietChannels}. Labels never carry a phone number, ticket or
 * free text: every label value comes from a closed set.
 */
public class GatewayMetrics {

    public enum Event { RECEIVED, DUPLICATE, IGNORED, QUARANTINED, STORED, FORWARDED, PARKED }

    /**
     * The label of an ignored input: a closed set, so free-text reasons never reach a label. Mapped from
     * the normalisers' reasons by {@link #of(String)}.
     */
    public enum IgnoredReason {
        /** Delivery receipts and report webhooks (SMS deliver_sm receipts, WhatsApp statuses). */
        RECEIPT,
        /** Auto-replies, out-of-office, bounces. */
        AUTO_REPLY,
        /** Citizen commands answered on the channel (CEK, INFO, BERHENTI/MULAI, /start). */
        COMMAND,
        /** Operator or promotional senders (alphanumeric SMS senders, newsletters). */
        PROMO,
        /** Group chats and channel posts the gateway does not take complaints from. */
        GROUP,
        /** Parts, edits, greetings and other pieces that belong to (or make) no complaint. */
        FRAGMENT,
        /** Anything else. */
        OTHER;

        /** Lower-case label value. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * Classifies a normaliser's free-text reason (English, as in the normalisers) by keywords.
         *
         * @param reason e.g. "delivery receipt", "auto-reply (Auto-Submitted: auto-replied)"; null is OTHER
         */
        public static IgnoredReason of(String reason) {
            if (reason == null) return OTHER;
            String r = reason.toLowerCase(Locale.ROOT);
            // WhatsApp status webhooks ("status sent", "unknown status"), SMS delivery receipts
            if (r.contains("receipt") || r.equals("status sent") || r.equals("unknown status") || r.contains("status webhook")
                    || r.contains("delivery report")) return RECEIPT;
            if (r.contains("auto") || r.contains("out of office") || r.contains("bounce") || r.contains("vacation")
                    || r.contains("mailer-daemon") || r.contains("no-reply") || r.contains("noreply")) return AUTO_REPLY;
            if (r.contains("command") || r.contains("berhenti") || r.contains("mulai") || r.contains("status quer")
                    || r.contains("status updates") || r.contains("help") || r.contains("/start") || r.contains("answered")) return COMMAND;
            if (r.contains("promo") || r.contains("operator") || r.contains("alphanumeric") || r.contains("newsletter")
                    || r.contains("bulk") || r.contains("list-unsubscribe")) return PROMO;
            if (r.contains("group") || r.contains("channel post")) return GROUP;
            if (r.contains("part") || r.contains("edit") || r.contains("greeting") || r.contains("no message")
                    || r.contains("without messages") || r.contains("already")) return FRAGMENT;
            return OTHER;
        }
    }

    /** What became of one reply attempt ({@code outcome} label of {@code gateway_replies_total}). */
    public enum ReplyResult { SENT, SUPPRESSED, RETRY, FAILED }

    private final MeterRegistry registry;
    private final Map<Channel, Map<Event, Counter>> counters = new EnumMap<>(Channel.class);
    private final Map<Channel, Timer> intakeTimers = new EnumMap<>(Channel.class);
    private final Map<Channel, Map<IgnoredReason, Counter>> ignored = new EnumMap<>(Channel.class);
    private final Map<Channel, Map<ReasonClass, Counter>> quarantined = new EnumMap<>(Channel.class);
    private final Map<Channel, Map<ReplyResult, Counter>> replies = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicReference<Instant>> lastInput = new EnumMap<>(Channel.class);
    private final Timer ocrPage;
    private final Clock clock;

    public GatewayMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    /**
     * @param clock what "now" is for {@link #lastInput}; before any input of a channel its last input is
     *              the time this object was made (the start of the instance)
     */
    public GatewayMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Instant start = clock.instant();
        this.ocrPage = Timer.builder("gateway.ocr.page")
                .description("One page read by Tesseract OCR (the count is pages read)")
                .publishPercentileHistogram().register(registry);
        for (Channel c : Channel.values()) {
            Map<Event, Counter> byEvent = new EnumMap<>(Event.class);
            for (Event e : Event.values()) {
                byEvent.put(e, Counter.builder("gateway.complaints")
                        .description("Complaint inputs per channel and what became of them")
                        .tag("channel", c.key()).tag("event", e.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            counters.put(c, byEvent);
            Map<IgnoredReason, Counter> byReason = new EnumMap<>(IgnoredReason.class);
            for (IgnoredReason r : IgnoredReason.values()) {
                byReason.put(r, Counter.builder("gateway.complaints.ignored")
                        .description("Inputs that are not complaints, per channel and reason (sums to event=ignored)")
                        .tag("channel", c.key()).tag("reason", r.label()).register(registry));
            }
            ignored.put(c, byReason);
            Map<ReasonClass, Counter> byClass = new EnumMap<>(ReasonClass.class);
            for (ReasonClass r : ReasonClass.values()) {
                byClass.put(r, Counter.builder("gateway.complaints.quarantined")
                        .description("Inputs quarantined, per channel and reason class (sums to event=quarantined)")
                        .tag("channel", c.key()).tag("reason_class", r.name().toLowerCase(Locale.ROOT)).register(registry));
            }
            quarantined.put(c, byClass);
            Map<ReplyResult, Counter> byResult = new EnumMap<>(ReplyResult.class);
            for (ReplyResult r : ReplyResult.values()) {
                byResult.put(r, Counter.builder("gateway.replies")
                        .description("Replies to citizens per channel: sent, suppressed (not sent on purpose), retry (not sent this time), failed (given up)")
                        .tag("channel", c.key()).tag("outcome", r.name().toLowerCase(Locale.ROOT)).register(registry));
            }
            replies.put(c, byResult);
            AtomicReference<Instant> last = new AtomicReference<>(start);
            lastInput.put(c, last);
            Gauge.builder("gateway.channel.last.input", last, l -> l.get().toEpochMilli() / 1000.0)
                    .description("When this instance last received input on the channel (complaint, ignored or quarantined), or its start-up")
                    .baseUnit("seconds").tag("channel", c.key()).register(registry);
            intakeTimers.put(c, Timer.builder("gateway.intake.commit")
                    .description("Shared intake from receipt to committed transaction")
                    .tag("channel", c.key()).publishPercentileHistogram().register(registry));
        }
    }

    public void count(Channel channel, Event event) {
        counters.get(channel).get(event).increment();
        if (event == Event.RECEIVED || event == Event.IGNORED || event == Event.QUARANTINED) {
            lastInput.get(channel).set(clock.instant());
        }
    }

    /**
     * One input that is not a complaint: counts event=ignored and its reason.
     *
     * @param reason the normaliser's free-text reason, reduced to an {@link IgnoredReason}
     */
    public void ignored(Channel channel, String reason) {
        count(channel, Event.IGNORED);
        ignored.get(channel).get(IgnoredReason.of(reason)).increment();
    }

    /** One input quarantined: counts event=quarantined and its reason class. */
    public void quarantined(Channel channel, ReasonClass reasonClass) {
        count(channel, Event.QUARANTINED);
        quarantined.get(channel).get(reasonClass == null ? ReasonClass.INTERNAL : reasonClass).increment();
    }

    /** Count of {@code gateway_complaints_ignored_total} for one channel and reason (tests, console). */
    public double ignoredValue(Channel channel, IgnoredReason reason) {
        return ignored.get(channel).get(reason).count();
    }

    /** One reply attempt's result on its channel. */
    public void reply(Channel channel, ReplyResult result) {
        replies.get(channel).get(result).increment();
    }

    /** Count of {@code gateway_replies_total} for one channel and outcome. */
    public double replyValue(Channel channel, ReplyResult result) {
        return replies.get(channel).get(result).count();
    }

    /** One page read by OCR, and how long it took. */
    public void ocrPage(Duration d) {
        ocrPage.record(d);
    }

    /** When this instance last received input on {@code channel} (or started, before any). */
    public Instant lastInput(Channel channel) {
        return lastInput.get(channel).get();
    }

    public double value(Channel channel, Event event) {
        return counters.get(channel).get(event).count();
    }

    public void intakeCommit(Channel channel, Duration d) {
        intakeTimers.get(channel).record(d);
    }

    public void forwardRoundTrip(Channel channel, String outcome, Duration d) {
        Timer.builder("gateway.forward.roundtrip")
                .description("One forwarding attempt to LAPOR! (uploads and create)")
                .tag("channel", channel.key()).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(d);
    }

    /**
     * A complaint was marked LAPOR_CREATE_UNCERTAIN: a create's outcome was unknown (timeout or reset
     * after sending, a node died between sending and committing), so LAPOR! may hold a second report
     * once it is sent again. Prometheus: {@code gateway_lapor_create_uncertain_total{channel}}.
     */
    public void laporCreateUncertain(Channel channel) {
        Counter.builder("gateway.lapor.create.uncertain")
                .description("Complaints whose create to LAPOR! had an unknown outcome and was sent again (check LAPOR! for a duplicate)")
                .tag("channel", channel.key()).register(registry).increment();
    }

    /**
     * One input was refused because it would otherwise hold its channel (a poll, a bind, a mailbox
     * window) for ever: a file that never settled, a read over its time limit, a mail that failed at
     * every poll. The input itself is quarantined with its reason; this says why it was cut short.
     * Prometheus: {@code gateway_inputs_given_up_total{channel,why}}.
     *
     * @param why {@code unsettled}, {@code read-timeout} or {@code failed-attempts}
     */
    public void inputGivenUp(Channel channel, String why) {
        Counter.builder("gateway.inputs.given.up")
                .description("Inputs refused (and quarantined) because they would have held their channel: never settled, too slow, failing at every poll")
                .tag("channel", channel.key()).tag("why", why).register(registry).increment();
    }
}

package id.lapor.gateway.simulator;

/**
 * Faults the LAPOR! simulator injects, settable at start and at run time (POST /_sim/faults).
 *
 * @param errorRate          share of API calls answered 500 (0..1)
 * @param latencyMillis      added to every API call
 * @param burst429           the next N API calls answer 429 with Retry-After
 * @param retryAfterSeconds  the Retry-After of those 429s
 * @param outageSeconds      from the moment it is set, every API call answers 503 for this long
 * @param failNext           the next write calls (create, upload) answer these statuses in order (e.g. [500,500,500] or
 *                           [400]); reads (status sync, health probe) are not counted, so a timer cannot take them
 * @param maxContentChars    a create whose content is longer answers 400 (LAPOR!'s observed limit)
 * @param createThenHangMillis after a create is recorded, wait this long before answering (the client times out
 *                           although LAPOR! did create the report)
 * @param createWithoutId    the next N creates answer 200 with no complaint id
 * @param ignoreIdempotencyKey behave as LAPOR!'s public contract promises: no Idempotency-Key, every create
 *                           makes a new report and every upload new files (the gateway alone must keep a
 *                           ticket to one report)
 */
public record SimulatorFaults(double errorRate, long latencyMillis, int burst429, int retryAfterSeconds,
                              long outageSeconds, int[] failNext, int maxContentChars, long createThenHangMillis,
                              int createWithoutId, boolean ignoreIdempotencyKey) {

    public static SimulatorFaults none() {
        return new SimulatorFaults(0, 0, 0, 1, 0, new int[0], 10_000, 0, 0, false);
    }

    /** Whether the Idempotency-Key is ignored (true) or one report is kept per key (false, the default). */
    public SimulatorFaults withIdempotencyKeyIgnored(boolean ignored) {
        return new SimulatorFaults(errorRate, latencyMillis, burst429, retryAfterSeconds, outageSeconds, failNext, maxContentChars,
                createThenHangMillis, createWithoutId, ignored);
    }

    public SimulatorFaults withLatency(long millis) {
        return new SimulatorFaults(errorRate, millis, burst429, retryAfterSeconds, outageSeconds, failNext, maxContentChars,
                createThenHangMillis, createWithoutId, ignoreIdempotencyKey);
    }

    /** The next {@code burst} calls answer 429 with {@code Retry-After: retryAfterSeconds}. */
    public SimulatorFaults with429(int burst, int retryAfter) {
        return new SimulatorFaults(errorRate, latencyMillis, burst, retryAfter, outageSeconds, failNext, maxContentChars,
                createThenHangMillis, createWithoutId, ignoreIdempotencyKey);
    }

    public SimulatorFaults withOutage(long seconds) {
        return new SimulatorFaults(errorRate, latencyMillis, burst429, retryAfterSeconds, seconds, failNext, maxContentChars,
                createThenHangMillis, createWithoutId, ignoreIdempotencyKey);
    }

    public SimulatorFaults withFailNext(int... statuses) {
        return new SimulatorFaults(errorRate, latencyMillis, burst429, retryAfterSeconds, outageSeconds, statuses, maxContentChars,
                createThenHangMillis, createWithoutId, ignoreIdempotencyKey);
    }

    public SimulatorFaults withMaxContentChars(int chars) {
        return new SimulatorFaults(errorRate, latencyMillis, burst429, retryAfterSeconds, outageSeconds, failNext, chars,
                createThenHangMillis, createWithoutId, ignoreIdempotencyKey);
    }

    public SimulatorFaults withCreateThenHang(long millis) {
        return new SimulatorFaults(errorRate, latencyMillis, burst429, retryAfterSeconds, outageSeconds, failNext, maxContentChars,
                millis, createWithoutId, ignoreIdempotencyKey);
    }

    public SimulatorFaults withCreateWithoutId(int creates) {
        return new SimulatorFaults(errorRate, latencyMillis, burst429, retryAfterSeconds, outageSeconds, failNext, maxContentChars,
                createThenHangMillis, creates, ignoreIdempotencyKey);
    }
}

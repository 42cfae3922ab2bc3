package id.lapor.gateway.forward;

import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.complaint.ComplaintStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The forwarder's decisions, without HTTP or a database. */
class ForwardDecisionsTest {

    static final LaporException DOWN = new LaporException(LaporException.Kind.TRANSIENT, 503, null, null, "HTTP 503", null);


    @ParameterizedTest
    @CsvSource({"200,", "201,", "204,", "400,PERMANENT", "404,PERMANENT", "413,PERMANENT", "422,PERMANENT",
            "401,AUTH", "403,AUTH", "408,TRANSIENT", "429,RATE_LIMITED", "500,TRANSIENT", "502,TRANSIENT",
            "503,TRANSIENT", "504,TRANSIENT", "302,TRANSIENT"})
    void httpStatusClassification(int status, LaporException.Kind kind) {
        assertThat(ResponseClassifier.classify(status)).isEqualTo(kind);
    }

    @Test
    void retryAfterAsSecondsOrHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        assertThat(ResponseClassifier.retryAfter("120", clock)).isEqualTo(Duration.ofSeconds(120));
        assertThat(ResponseClassifier.retryAfter("Sun, 22 Nov 2026 10:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ResponseClassifier.retryAfter("Sun, 22 Nov 2026 09:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(ResponseClassifier.retryAfter("soon", clock)).isNull();
        assertThat(ResponseClassifier.retryAfter("-5", clock)).isNull();
        assertThat(ResponseClassifier.retryAfter(null, clock)).isNull();
    }

    @Test
    void backoffDoublesIsCappedAndJittered() {
        LaporBackoff exact = new LaporBackoff(Duration.ofSeconds(2), Duration.ofMinutes(15), 0.0);
        assertThat(exact.delay(1, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(exact.delay(2, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(exact.delay(5, null)).isEqualTo(Duration.ofSeconds(32));
        assertThat(exact.delay(40, null)).isEqualTo(Duration.ofMinutes(15));
        LaporBackoff jittered = new LaporBackoff(Duration.ofSeconds(10), Duration.ofMinutes(15), 0.2);
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 1000; i++) {
            long ms = jittered.delay(1, null).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isBetween(8000L, 8400L);
        assertThat(max).isBetween(11600L, 12000L);
    }

    @Test
    void retryAfterIsAFloorNeverShortenedByJitter() {
        LaporBackoff p = new LaporBackoff(Duration.ofSeconds(1), Duration.ofMinutes(15), 0.5);
        for (int i = 0; i < 100; i++) {
            assertThat(p.delay(1, Duration.ofSeconds(30))).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        }
        assertThat(new LaporBackoff(Duration.ofSeconds(64), Duration.ofMinutes(15), 0).delay(1, Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(64));
    }

    @Test
    void breakerOpensAfterThresholdThenLetsOneTrialThrough() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        LaporBreaker b = new LaporBreaker(3, Duration.ofSeconds(30), clock);
        assertThat(b.permits(20)).isEqualTo(20);
        b.onFailure(DOWN);
        b.onFailure(DOWN);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        b.onFailure(DOWN);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.permits(20)).isZero();
        clock.advance(Duration.ofSeconds(29));
        assertThat(b.permits(20)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.permits(20)).isEqualTo(1);
        assertThat(b.permits(20)).as("only one trial at a time").isZero();
        b.onFailure(DOWN);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(30));
        assertThat(b.permits(5)).isEqualTo(1);
        b.onSuccess();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.permits(5)).isEqualTo(5);
    }

    @Test
    void unusedTrialIsGivenBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        LaporBreaker b = new LaporBreaker(1, Duration.ofSeconds(1), clock);
        b.onFailure(DOWN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.permits(3)).isEqualTo(1);
        b.unused();
        assertThat(b.permits(3)).isEqualTo(1);
    }

    @Test
    void retryAfterHoldsEveryCall() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        LaporBreaker b = new LaporBreaker(5, Duration.ofSeconds(30), clock);
        b.holdFor(Duration.ofSeconds(10));
        assertThat(b.permits(4)).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(b.permits(4)).isEqualTo(4);
    }

    @Test
    void laporStatusNamesMapOntoOursAndUnknownNamesKeepTheCurrentStatus() {
        LaporStatusMapping m = new LaporStatusMapping(List.of("Selesai", "Diarsipkan", "Ditolak", "Dihentikan"));
        assertThat(m.map("Belum Terverifikasi", ComplaintStatus.FORWARDED)).isEqualTo(ComplaintStatus.FORWARDED);
        assertThat(m.map("Terverifikasi", ComplaintStatus.FORWARDED)).isEqualTo(ComplaintStatus.VERIFIED);
        assertThat(m.map("  dalam   PROSES ", ComplaintStatus.VERIFIED)).isEqualTo(ComplaintStatus.IN_PROGRESS);
        assertThat(m.map("Selesai", ComplaintStatus.IN_PROGRESS)).isEqualTo(ComplaintStatus.COMPLETED);
        assertThat(m.map("Ditolak", ComplaintStatus.FORWARDED)).isEqualTo(ComplaintStatus.REJECTED);
        assertThat(m.map("Tunda", ComplaintStatus.VERIFIED)).isEqualTo(ComplaintStatus.VERIFIED);
        assertThat(m.map(null, ComplaintStatus.VERIFIED)).isEqualTo(ComplaintStatus.VERIFIED);
        // a name LAPOR! added later that operators listed as final ends the complaint
        assertThat(m.map("Dihentikan", ComplaintStatus.IN_PROGRESS)).isEqualTo(ComplaintStatus.COMPLETED);
        assertThat(m.isFinal("diarsipkan")).isTrue();
        assertThat(m.isFinal("Dalam Proses")).isFalse();
    }
}

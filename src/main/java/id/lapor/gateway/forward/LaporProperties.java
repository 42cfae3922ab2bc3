package id.lapor.gateway.forward;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Connection to SP4N-LAPOR! v3 ({@code lapor.*}). The two secrets come from the environment
 * (LAPOR_BEARER, LAPOR_TOKEN); start-up fails with a message naming them when they are missing.
 */
@Validated
@ConfigurationProperties("lapor")
public record LaporProperties(
        @NotNull(message = "lapor.base-url is required (env LAPOR_BASE_URL)") URI baseUrl,
        @NotBlank(message = "is required: set the environment variable LAPOR_BEARER to the API key LAPOR! issued") String bearer,
        @NotBlank(message = "is required: set the environment variable LAPOR_TOKEN to the GUID token LAPOR! issued") String token,
        @NotBlank(message = "is required: set LAPOR_USER_ID to the LAPOR! user the gateway files reports as") String userId,
        @NotNull Map<String, Integer> channelCodes,
        Long classificationId,
        Long locationId,
        @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout,
        @NotNull List<String> finalStatusNames,
        @Valid @NotNull Forward forward,
        @Valid @NotNull Breaker circuitBreaker,
        @Valid @NotNull StatusSync statusSync) {

    /**
     * Outbox forwarder settings.
     *
     * @param reviewHold how long a complaint marked for category review waits for an admin's decision before it
     *                   is forwarded with the fallback disposition ({@link id.lapor.gateway.intake.ReviewHold});
     *                   ISO-8601 or {@code 4h}; zero forwards at once; unset: {@link #DEFAULT_REVIEW_HOLD}
     */
    public record Forward(
            @Min(1) int concurrency,
            @Min(1) int batchSize,
            @NotNull Duration pollInterval,
            @NotNull Duration initialBackoff,
            @NotNull Duration maxBackoff,
            @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
            @NotNull Duration lease,
            @Min(1) int maxAttempts,
            Duration reviewHold) {

        /**
         * Four hours: long enough for an admin who looks at the review queue a few times a working day to
         * decide before the complaint leaves, short against the 30-day follow-up SLA ({@code gateway.sla.follow-up}),
         * and a complaint nobody reviews (at night, on a holiday) still reaches the fallback OPD, which disposes
         * by hand anyway, the same night instead of waiting for a person.
         */
        public static final Duration DEFAULT_REVIEW_HOLD = Duration.ofHours(4);

        public Forward {
            if (reviewHold == null) reviewHold = DEFAULT_REVIEW_HOLD;
            if (reviewHold.isNegative()) throw new IllegalArgumentException("lapor.forward.review-hold must not be negative: " + reviewHold);
        }
    }

    /** Opens after {@code failureThreshold} consecutive failed calls; tries one call after {@code openDuration}. */
    public record Breaker(@Min(1) int failureThreshold, @NotNull Duration openDuration) {}

    public record StatusSync(@NotNull Duration interval, @Min(1) int batchSize, @NotNull Duration minAge) {}

    public Integer channelCode(String channelKey) {
        return channelCodes.get(channelKey);
    }
}

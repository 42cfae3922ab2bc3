package id.lapor.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/** {@code gateway.*}: the gateway's own settings (documented in the README). */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @NotBlank String instance,
        @NotNull Path dataDir,
        @NotNull Path configDir,
        @NotNull ZoneId zone,
        @NotNull Duration contentDedupWindow,
        @Min(1) @Max(64) int intakeWriters,
        @Min(1) @Max(1000) int intakeBatchMax,
        @Valid @NotNull Sla sla,
        @Valid @NotNull Health health,
        @Valid @NotNull Security security,
        @Valid @NotNull Cluster cluster) {

    /**
     * Leadership of consumers that must run on one node at a time (the letters folder): a file lock in
     * {@code dir}, which every node must see (a shared volume); a node that stops renewing its
     * heartbeat for 5 × {@code lockInterval} loses the lead to another.
     */
    public record Cluster(@NotNull Path dir, @NotNull Duration lockInterval) {}

    public record Sla(@NotNull Duration followUp) {}

    /** Thresholds past which /actuator/health reports the outbox DOWN. */
    public record Health(@Min(1) long outboxBacklogMax, @NotNull Duration outboxOldestMax, @Min(0) long parkedMax,
                         @NotNull Duration laporProbeInterval) {}

    /**
     * API users; passwords only from the environment (GATEWAY_SECURITY_ADMIN_PASSWORD, …). A user
     * without a password does not exist.
     */
    public record Security(@Valid @NotNull User admin, @Valid @NotNull User ops, @Valid @NotNull User clerk) {}

    public record User(@NotBlank String username, String password) {
        public boolean enabled() {
            return password != null && !password.isBlank();
        }
    }
}

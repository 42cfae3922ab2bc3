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
     * Leadership of consumers that must run on one node at a time ({@code master:} routes: mailbox,
     * letters folder, Telegram polling, chat sweeps, status sync, multipart sweep), see
     * {@link id.lapor.gateway.cluster.ClusterType} and docs/ARCHITECTURE.md "Several nodes".
     *
     * @param type         {@code file}, {@code jdbc} or {@code kubernetes}; null (unset): {@code jdbc} when the
     *                     store is PostgreSQL, else {@code file}
     * @param dir          {@code file}: the lock folder, which every node must see (a shared volume)
     * @param lockInterval {@code file}: a node that stops renewing its heartbeat for 5 × this loses the lead
     * @param lease        {@code jdbc}, {@code kubernetes}: how long a leader's last renewal keeps others out
     * @param renew        {@code jdbc}, {@code kubernetes}: how often the leader renews; a leader that could not
     *                     renew for {@code lease − 2 × renew} stops its consumers ({@link id.lapor.gateway.cluster.LeaseTimes})
     * @param kubernetes   {@code kubernetes}: where the Lease objects live
     */
    public record Cluster(id.lapor.gateway.cluster.ClusterType type, @NotNull Path dir, @NotNull Duration lockInterval,
                          @NotNull Duration lease, @NotNull Duration renew, @Valid @NotNull Kubernetes kubernetes) {}

    /**
     * @param namespace   Kubernetes namespace of the Lease objects; blank: the pod's own (service account)
     * @param leasePrefix Lease names are {@code <leasePrefix>-<master: namespace>}
     * @param masterUrl   API server URL; blank inside a pod (the service account's), set only from outside
     * @param podLabels   labels of the gateway's pods: only a running, ready pod with them may lead
     *                    (camel-kubernetes lists them; the pod name is {@code gateway.instance}, i.e. HOSTNAME)
     */
    public record Kubernetes(String namespace, @NotBlank String leasePrefix, String masterUrl,
                             @NotNull java.util.Map<String, String> podLabels) {}

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

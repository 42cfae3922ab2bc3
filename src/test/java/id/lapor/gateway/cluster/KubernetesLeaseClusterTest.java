package id.lapor.gateway.cluster;

import id.lapor.gateway.config.ClusterConfiguration;
import id.lapor.gateway.config.GatewayProperties;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static id.lapor.gateway.cluster.SingletonTicks.leads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code gateway.cluster.type=kubernetes}: camel-kubernetes' Lease election as {@link ClusterConfiguration}
 * sets it up, against fabric8's Kubernetes mock API server (CRUD mode, real HTTP) with two running, ready
 * gateway pods. One pod runs the {@code master:} route and holds Lease {@code lapor-gateway-letters}; when
 * it stops and its pod is gone, the other pod takes the Lease and the route.
 *
 * <p>How camel-kubernetes 4.18 decides that a leader is gone ({@code KubernetesLeadershipController},
 * {@code LeaderInfo.hasValidLeader}): the Lease's holder is valid while its pod is listed running and ready
 * (pods with the cluster labels); the Lease's {@code renewTime} is written by the leader but never read by the
 * others. A node that finds the holder invalid writes itself into the Lease and then waits the lease duration
 * before it starts its consumers ({@code BECOMING_LEADER}), so that a leader cut from the API server has
 * stopped its own (after the renew deadline, {@code lease − 2 × renew}). {@link
 * #aCrashedLeaderIsReplacedOnlyOnceItsPodIsUnreadyAndTheLeaseDurationHasPassed} measures that takeover.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesLeaseClusterTest {

    static KubernetesClient client;
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RENEW = Duration.ofMillis(500);

    private final SingletonTicks ticks = new SingletonTicks();
    private final List<CamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(CamelContext::stop);
        // one mock server for the class: the next test starts without pods or Leases
        client.pods().inNamespace("gateway").delete();
        client.leases().inNamespace("gateway").delete();
    }

    private static void runningPod(String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("gateway").addToLabels("app", "lapor-gateway").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
        client.pods().inNamespace("gateway").resource(pod).create();
    }

    private CamelContext node(String pod) throws Exception {
        GatewayProperties.Cluster cluster = new GatewayProperties.Cluster(ClusterType.KUBERNETES, Path.of("unused"), Duration.ofSeconds(2),
                LEASE, RENEW,
                new GatewayProperties.Kubernetes("gateway", "lapor-gateway", client.getConfiguration().getMasterUrl(),
                        Map.of("app", "lapor-gateway")));
        CamelContext camel = new DefaultCamelContext();
        camel.addService(ClusterConfiguration.kubernetes(pod, cluster));
        ticks.addTo(camel, pod);
        camel.start();
        nodes.add(camel);
        return camel;
    }

    /**
     * The pod as Kubernetes shows it after its container died: phase Running, not ready (restarting). Done by
     * deleting it and creating it again unready, so it is not listed ready from the start of this call.
     */
    private static void unreadyPod(String name) {
        client.pods().inNamespace("gateway").withName(name).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("gateway").withName(name).get() == null);
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("gateway").addToLabels("app", "lapor-gateway").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus()
                .build();
        client.pods().inNamespace("gateway").resource(pod).create();
    }

    private static String holder() {
        Lease lease = client.leases().inNamespace("gateway").withName("lapor-gateway-letters").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onePodHoldsTheLeaseAndRunsTheSingletonAndTheOtherTakesOver() throws Exception {
        runningPod("gateway-0");
        runningPod("gateway-1");
        CamelContext a = node("gateway-0");
        CamelContext b = node("gateway-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> leads(a) || leads(b));
        CamelContext leader = leads(a) ? a : b;
        CamelContext other = leader == a ? b : a;
        String leaderPod = leader == a ? "gateway-0" : "gateway-1";
        String otherPod = leader == a ? "gateway-1" : "gateway-0";
        assertThat(holder()).isEqualTo(leaderPod);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() > 5);
        for (int i = 0; i < 20; i++) {
            assertThat(leads(a) && leads(b)).as("two leaders").isFalse();
            Thread.sleep(50);
        }
        assertThat(ticks.all()).extracting(SingletonTicks.Tick::node).containsOnly(leaderPod);

        // the leader's process ends, and Kubernetes no longer lists its pod as running and ready (deleted here;
        // a killed container's pod goes unready once its readiness probe fails): camel-kubernetes hands the
        // Lease only to a ready pod and takes it from a holder that is no longer one
        leader.stop();
        long stoppedAt = System.nanoTime();
        client.pods().inNamespace("gateway").withName(leaderPod).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> leads(other));
        assertThat(holder()).isEqualTo(otherPod);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.of(otherPod).findAny().isPresent());
        assertThat(ticks.of(leaderPod).filter(t -> t.nanos() > stoppedAt)).isEmpty();
    }

    /**
     * A crash: the leader's Camel stops without yielding the Lease (the controller's {@code stop} only shuts its
     * executor down, as a SIGKILL would leave it). While its pod is still listed ready, the other node does not
     * take over, however old the Lease's {@code renewTime}; once the pod is unready (kubelet reports a dead
     * container at once; a hung one after the readiness probe's {@code failureThreshold × periodSeconds}), the
     * other node takes the Lease within a retry period and starts the singleton a lease duration later, never
     * sooner. The lower bound is the safety property (no two leaders), so it is asserted; the figure is printed.
     */
    @Test
    void aCrashedLeaderIsReplacedOnlyOnceItsPodIsUnreadyAndTheLeaseDurationHasPassed() throws Exception {
        runningPod("gateway-0");
        runningPod("gateway-1");
        CamelContext a = node("gateway-0");
        await().atMost(Duration.ofSeconds(60)).until(() -> leads(a));
        CamelContext b = node("gateway-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() > 5);
        assertThat(holder()).isEqualTo("gateway-0");

        a.stop();
        long crashedAt = System.nanoTime();
        assertThat(holder()).as("the Lease after the crash").isEqualTo("gateway-0");
        Thread.sleep(LEASE.plus(RENEW.multipliedBy(2)).toMillis()); // longer than the lease: renewTime is old now
        assertThat(leads(b)).as("gateway-1 leads while the dead leader's pod is still listed ready").isFalse();
        assertThat(holder()).isEqualTo("gateway-0");

        long unreadyAt = System.nanoTime();
        unreadyPod("gateway-0");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> leads(b));
        long tookOverAt = System.nanoTime();
        assertThat(holder()).isEqualTo("gateway-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.of("gateway-1").findAny().isPresent());
        long firstTick = ticks.of("gateway-1").mapToLong(SingletonTicks.Tick::nanos).min().orElseThrow();
        assertThat(ticks.of("gateway-0").filter(t -> t.nanos() > crashedAt)).isEmpty();
        // leads(b) is polled, so tookOverAt is at or after the moment it began to lead
        assertThat(tookOverAt - unreadyAt).as("gateway-1 leads after the pod went unready, ns").isGreaterThanOrEqualTo(LEASE.toNanos());
        assertThat(firstTick).as("gateway-1's first tick").isGreaterThan(unreadyAt + LEASE.toNanos());
        System.out.printf("kubernetes Lease (lease %d ms, renew %d ms): pod unready -> other pod leads after %d ms (crash -> pod unready here %d ms)%n",
                LEASE.toMillis(), RENEW.toMillis(), (tookOverAt - unreadyAt) / 1_000_000, (unreadyAt - crashedAt) / 1_000_000);
    }
}

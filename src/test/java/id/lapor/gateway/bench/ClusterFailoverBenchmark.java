package id.lapor.gateway.bench;

import id.lapor.gateway.cluster.ClusterRig;
import id.lapor.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark (#19), not a test of timing: prints figures. Needs the PostgreSQL at 127.0.0.1:5432/test. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=ClusterFailoverBenchmark} (the store is PostgreSQL whatever the profile).
 * Gateways are child JVMs on one fresh schema ({@code ClusterRig}, {@code gateway.cluster.type=jdbc}) with the
 * production lease times (10 s, renew 2 s) unless {@code bench.lease}/{@code bench.renew} say otherwise.
 *
 * <ol>
 *   <li>SMS intake on 1 vs 2 nodes, same run: {@code bench.n} distinct MO messages, {@code bench.window}
 *       deliver_sm outstanding, into one node's bind, then (a second node started) into both binds. Rate,
 *       and CPU per message of the gateway processes (their total CPU time before and after, from the OS);
 *       the ratio 2 nodes / 1 node is the figure (on a 2-core machine the second node shares the CPU).</li>
 *   <li>Takeover after SIGKILL of the leader: {@code bench.kills} times, the node leading
 *       {@code lapor-status-sync} is killed and the time until another node's health names itself leader is
 *       taken; the killed node is started again before the next kill. p50 and max.</li>
 * </ol>
 */
@Tag("benchmark")
class ClusterFailoverBenchmark {

    static final int N = Integer.getInteger("bench.n", 2000);
    static final int WINDOW = Integer.getInteger("bench.window", 16);
    static final int KILLS = Integer.getInteger("bench.kills", 10);
    static final Duration LEASE = Duration.parse(System.getProperty("bench.lease", "PT10S"));
    static final Duration RENEW = Duration.parse(System.getProperty("bench.renew", "PT2S"));

    record Intake(int nodes, int messages, double seconds, double cpuSeconds) {
        double rate() {
            return messages / seconds;
        }

        double cpuMillisPerMessage() {
            return cpuSeconds * 1000 / messages;
        }
    }

    @Test
    void takeoverTimeAndSmsIntakeOnOneAndTwoNodes() throws Exception {
        try (ClusterRig rig = new ClusterRig(LEASE, RENEW, false)) {
            rig.startNodes(1);
            AtomicInteger next = new AtomicInteger();
            send(rig, next, 200); // warm-up
            Intake one = intake(rig, next, 1);
            rig.launch("node-2").awaitReady(Duration.ofSeconds(240));
            rig.awaitBinds(2);
            send(rig, next, 200);
            Intake two = intake(rig, next, 2);

            List<Long> takeovers = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                ClusterRig.Takeover t = rig.killLeader("lapor-status-sync", Duration.ofSeconds(120));
                takeovers.add(t.after().toMillis());
                System.out.printf("kill %d: %s killed, %s leads after %d ms%n", k + 1, t.killed(), t.successor(), t.after().toMillis());
                rig.launch(t.killed()).awaitReady(Duration.ofSeconds(240));
                rig.awaitBinds(2);
                Thread.sleep(RENEW.toMillis() * 2); // the restarted node settles as a follower
            }
            List<Long> sorted = takeovers.stream().sorted().toList();

            System.out.println();
            System.out.printf(Locale.ROOT, "SMS intake, %d messages, window %d, PostgreSQL:%n", N, WINDOW);
            for (Intake i : List.of(one, two)) {
                System.out.printf(Locale.ROOT, "  %d node%s: %.0f msg/s, %.2f ms CPU per message (gateway processes)%n",
                        i.nodes(), i.nodes() == 1 ? " " : "s", i.rate(), i.cpuMillisPerMessage());
            }
            System.out.printf(Locale.ROOT, "  ratio 2 nodes / 1 node: rate %.2f, CPU per message %.2f%n",
                    two.rate() / one.rate(), two.cpuMillisPerMessage() / one.cpuMillisPerMessage());
            System.out.printf(Locale.ROOT, "takeover after SIGKILL of the leader (lease %s, renew %s), %d kills: p50 %d ms, max %d ms; all %s%n",
                    LEASE, RENEW, KILLS, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), takeovers);

            long sms = rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'SMS'");
            assertThat(sms).as("one complaint per message").isEqualTo(next.get());
        }
    }

    private static Intake intake(ClusterRig rig, AtomicInteger next, int nodes) throws Exception {
        double cpuBefore = cpu(rig.nodes().values());
        long start = System.nanoTime();
        send(rig, next, N);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Intake(nodes, N, seconds, cpu(rig.nodes().values()) - cpuBefore);
    }

    /** Sends {@code count} messages with {@link #WINDOW} outstanding; every one must be acknowledged. */
    private static void send(ClusterRig rig, AtomicInteger next, int count) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(WINDOW);
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            senders.submit(() -> {
                if (!rig.sms(next.incrementAndGet())) refused.incrementAndGet();
            });
        }
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.MINUTES);
        assertThat(refused.get()).as("messages not acknowledged").isZero();
    }

    /** Total CPU seconds the OS has counted for the gateway processes so far. */
    private static double cpu(Collection<GatewayProcess> nodes) {
        return nodes.stream().mapToDouble(p -> p.process().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }
}

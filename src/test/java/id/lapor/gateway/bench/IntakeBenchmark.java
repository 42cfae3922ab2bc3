package id.lapor.gateway.bench;

import id.lapor.gateway.complaint.ComplaintDraft;

import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=IntakeBenchmark} (add {@code -Ppostgres} for PostgreSQL).
 * 2 × N complaints from 8 threads through the shared intake (ticket, dedup, lexicon, schema validation,
 * one durable transaction with the outbox row), against a bare JDBC baseline that inserts the same
 * rows (complaint, outbox) in one transaction per complaint on the same store in the same
 * run; then the forwarder drains the outbox to the LAPOR! simulator over HTTP.
 */
@Tag("benchmark")
@GatewayIntegrationTest
class IntakeBenchmark {

    static final int N = Integer.getInteger("bench.n", 8000);
    static final int THREADS = Integer.getInteger("bench.threads", 8);

    @Autowired ComplaintIntake intake;
    @Autowired DataSource dataSource;
    @Autowired OutboxRepository outbox;
    @Autowired Ledger ledger;
    @Autowired CamelContext camel;

    @Test
    void intakeVersusBareDurableInsertAndForwarding() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        camel.getRouteController().stopRoute("lapor-forwarder");
        // status sync polls every forwarded complaint: background load that is not intake's, so it is off
        camel.getRouteController().stopRoute("lapor-status-sync");
        warmUp();

        // the drafts (what a channel hands to intake) are made before the clock starts, as the baseline's rows are
        ComplaintDraft[] drafts = new ComplaintDraft[2 * N];
        for (int i = 0; i < drafts.length; i++) {
            drafts[i] = Drafts.sms(Drafts.uniquePhone(), "bench-" + i + "-" + System.nanoTime(),
                    "Jalan berlubang di depan rumah nomor " + i + ", mohon segera diperbaiki sebelum ada korban");
        }
        AtomicInteger nextDraft = new AtomicInteger();
        Job gateway = i -> {
            IntakeReceipt r = intake.accept(drafts[nextDraft.getAndIncrement()], null, null);
            if (r.outcome() != IntakeReceipt.Outcome.STORED) throw new IllegalStateException(r.outcome().name());
        };
        // alternate the two in halves (bare, gateway, gateway, bare) so neither gains from going second
        long c0 = cpu();
        long[] s0 = userSys();
        long[] bare1 = run(this::bareInsert);
        long c1 = cpu();
        long[] s1 = userSys();
        long[] gw1 = run(gateway);
        long[] gw2 = run(gateway);
        long c2 = cpu();
        long[] s2 = userSys();
        long[] bare2 = run(this::bareInsert);
        long c3 = cpu();
        long[] s3 = userSys();
        System.out.printf("CPU ticks user/sys: bare %d/%d  gateway %d/%d%n", (s1[0] - s0[0]) + (s3[0] - s2[0]),
                (s1[1] - s0[1]) + (s3[1] - s2[1]), s2[0] - s1[0], s2[1] - s1[1]);
        double bareCpuUs = ((c1 - c0) + (c3 - c2)) / 1e3 / (2.0 * N);
        double gwCpuUs = (c2 - c1) / 1e3 / (2.0 * N);
        long[] bare = merge(bare1, bare2);
        long[] gw = merge(gw1, gw2);

        long backlog = outbox.stats().backlog();
        Instant fwdStart = Instant.now();
        camel.getRouteController().startRoute("lapor-forwarder");
        while (outbox.stats().backlog() > 0 && Duration.between(fwdStart, Instant.now()).toMinutes() < 10) Thread.sleep(50);
        double fwdSeconds = Duration.between(fwdStart, Instant.now()).toMillis() / 1000.0;
        long forwarded = ledger.count(null, ComplaintStatus.FORWARDED, null);

        double bareRate = N / (bare[N] / 1e9);
        double gwRate = N / (gw[N] / 1e9);
        String report = String.format("""
                store=%s N=%d threads=%d cores=%d
                bare JDBC durable insert: %.0f commits/s  p50 %.2f ms  p99 %.2f ms
                gateway intake:           %.0f commits/s  p50 %.2f ms  p99 %.2f ms
                ratio intake/bare:        %.2f
                gateway JVM CPU per complaint: %.0f us (bare JDBC: %.0f us)
                forwarder to simulator:   %d rows in %.1f s = %.0f forwards/s (concurrency 4, batch 20)
                peak RSS (VmHWM):         %s
                """, TestEnvironment.postgres() ? "postgres" : "h2", N, THREADS, Runtime.getRuntime().availableProcessors(),
                bareRate, ms(bare, 50), ms(bare, 99), gwRate, ms(gw, 50), ms(gw, 99), gwRate / bareRate, gwCpuUs, bareCpuUs,
                backlog, fwdSeconds, backlog / fwdSeconds, peakRss());
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-intake-" + (TestEnvironment.postgres() ? "postgres" : "h2") + ".txt"), report);
        assertThat(forwarded).isGreaterThanOrEqualTo(backlog);
    }

    /** Two runs as one: latencies sorted together, wall times added; N stays the per-run count. */
    private static long[] merge(long[] a, long[] b) {
        long[] all = new long[2 * N];
        System.arraycopy(a, 0, all, 0, N);
        System.arraycopy(b, 0, all, N, N);
        Arrays.sort(all);
        long[] out = new long[N + 1];
        for (int i = 0; i < N; i++) out[i] = all[2 * i];
        out[N] = (a[N] + b[N]) / 2;
        return out;
    }

    interface Job {
        void run(int i) throws Exception;
    }

    /** Returns N latencies in ns (sorted) and, at index N, the wall time. */
    private long[] run(Job job) throws Exception {
        long[] lat = new long[N + 1];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < N) {
                    long s = System.nanoTime();
                    job.run(i);
                    lat[i] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        long wall = System.nanoTime() - start;
        pool.shutdown();
        Arrays.sort(lat, 0, N);
        lat[N] = wall;
        return lat;
    }

    private void warmUp() throws Exception {
        // the baseline stores the very canonical JSON the gateway stores for the benchmark's complaints
        IntakeReceipt sample = intake.accept(Drafts.sms(Drafts.uniquePhone(), "bench-sample",
                "Jalan berlubang di depan rumah nomor 1, mohon segera diperbaiki sebelum ada korban"), null, null);
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT canonical_json FROM complaint WHERE ticket = ?")) {
            p.setString(1, sample.ticket());
            try (var rs = p.executeQuery()) {
                rs.next();
                json = rs.getString(1);
            }
        }
        // warm both paths the way they are measured (8 threads, N each), so the JIT compiles the batch
        // path too and its compile time is not charged to the gateway's measured halves
        for (int round = 0; round < 3; round++) {
            String prefix = "warm-" + round + "-";
            run(i -> intake.accept(Drafts.sms(Drafts.uniquePhone(), prefix + i, "Pemanasan jalan rusak nomor " + i), null, null));
        }
        run(i -> bareInsert(-i - 1));
        camel.getRouteController().startRoute("lapor-forwarder");
        while (outbox.stats().backlog() > 0) Thread.sleep(50);
        camel.getRouteController().stopRoute("lapor-forwarder");
    }

    private String json;

    /** The rows intake writes for one complaint, inserted with plain JDBC in one transaction. */
    private void bareInsert(int i) throws Exception {
        String ticket = Ticket.generate();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO complaint (ticket, channel, instance, sender_key, external_id, transport_key, content_hash,
                        status, received_at, sla_due_at, canonical_json) VALUES (?, 'SMS', 'bare', ?, ?, ?, ?, 'DUPLICATE', ?, ?, ?)""")) {
                p.setString(1, ticket);
                p.setString(2, "tel:+62812" + String.format("%08d", Math.abs(i)));
                p.setString(3, "bare-" + ticket);
                p.setString(4, TextFingerprint.sha256Hex("bare" + ticket));
                p.setString(5, TextFingerprint.sha256Hex("c" + ticket));
                p.setObject(6, now);
                p.setObject(7, now.plusDays(30));
                p.setString(8, json.replace(json.substring(json.indexOf("\"ticket\""), json.indexOf("\"ticket\"") + 20),
                        "\"ticket\":\"" + ticket + "\""));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO outbox (ticket, channel, state, attempts, created_at, next_attempt_at) VALUES (?, 'SMS', 'DONE', 0, ?, ?)")) {
                p.setString(1, ticket);
                p.setObject(2, now);
                p.setObject(3, now);
                p.executeUpdate();
            }
            c.commit();
        }
    }

    private static double ms(long[] sorted, int pct) {
        int idx = Math.min(N - 1, (int) Math.ceil(pct / 100.0 * N) - 1);
        return sorted[idx] / 1e6;
    }

    /** utime and stime of this process in clock ticks (/proc/self/stat fields 14 and 15). */
    private static long[] userSys() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    /** CPU time of this JVM (all threads) in ns. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(6).strip()).findFirst().orElse("n/a");
        } catch (Exception e) {
            return "n/a";
        }
    }
}

package id.lapor.gateway.bench;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark, not a test of timing: prints figures. The store's ceiling for what one SMS complaint
 * writes (complaint row with canonical JSON and its indexes, history row, outbox row, acknowledgement
 * row), with nothing else of the gateway: {@code Ledger.insertAll} of ready-made rows from 16 threads,
 * in transactions of 1, 16 and 64 complaints. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=StoreCeilingBenchmark} (add {@code -Ppostgres}).
 */
@Tag("benchmark")
@GatewayIntegrationTest
class StoreCeilingBenchmark {

    static final int N = Integer.getInteger("bench.n", 6000);
    static final int THREADS = 16;

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired TransactionTemplate tx;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired CanonicalJson json;

    @Test
    void durableInsertRateOfOneSmsComplaintsRows() throws Exception {
        IntakeReceipt r = intake.accept(Drafts.sms(Drafts.uniquePhone(), "ceiling-" + UUID.randomUUID(),
                "Jalan rusak di RT 5, mohon diperbaiki sebelum musim hujan"), null, null);
        Complaint template = ledger.find(r.ticket()).orElseThrow();
        // the acknowledgement row too, as for an SMS complaint
        Ledger withAck = new Ledger(jdbc, json, java.util.Set.of(template.channel()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "store ceiling, %s, %d threads, N=%d per run%n",
                TestEnvironment.postgres() ? "PostgreSQL" : "H2 file (WRITE_DELAY=0)", THREADS, N));
        for (int round = 0; round < 2; round++) {
            for (int batch : new int[] {1, 16, 64}) {
                double rate = run(withAck, template, batch);
                if (round == 1) out.append(String.format(Locale.ROOT, "batch %2d: %7.0f complaints/s%n", batch, rate));
            }
        }
        System.out.print(out);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "benchmark-store-ceiling-"
                + (TestEnvironment.postgres() ? "postgres" : "h2") + ".txt"), out.toString());
    }

    private double run(Ledger target, Complaint t, int batch) throws Exception {
        List<Ledger.NewRow> rows = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            String ticket = Ticket.generate();
            Complaint c = t.toBuilder().ticket(ticket)
                    .source(new Complaint.Source("sms:" + UUID.randomUUID(), t.source().instance(), t.source().rawRef()))
                    .reporter(new Complaint.Reporter(null, "+62813" + (10_000_000 + i), null, "tel:+62813" + UUID.randomUUID().toString().substring(0, 8), false, false))
                    .content(t.content() + " " + i).followUpOf(null).duplicateOf(null).overdue(false).document(null).build();
            rows.add(new Ledger.NewRow(c, c.reporter().channelUserId(), UUID.randomUUID().toString().replace("-", ""),
                    UUID.randomUUID().toString().replace("-", ""), null));
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            fs.add(pool.submit(() -> {
                for (int from = next.getAndAdd(batch); from < N; from = next.getAndAdd(batch)) {
                    List<Ledger.NewRow> slice = rows.subList(from, Math.min(N, from + batch));
                    tx.executeWithoutResult(s -> target.insertAll(slice));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return N / seconds;
    }
}

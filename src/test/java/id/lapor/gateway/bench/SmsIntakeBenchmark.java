package id.lapor.gateway.bench;

import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=SmsIntakeBenchmark} (embedded H2; add {@code -Ppostgres} for
 * PostgreSQL). The SMSC simulator sends N distinct MO messages with {@code bench.window} deliver_sm
 * outstanding (one sending thread per window slot, each waiting for its deliver_sm_resp) to
 * (a) a bare jSMPP receiver whose listener does nothing (jSMPP answers ESME_ROK at once), and
 * (b) the gateway, whose deliver_sm_resp comes after the complaint is committed; in the same run,
 * alternating (bare, gateway, gateway, bare). Checks that every message of the gateway halves is in the
 * ledger exactly once. The LAPOR! forwarder is stopped during the run (its cost is IntakeBenchmark's), the
 * SMS reply sender is not.
 */
@Tag("benchmark")
class SmsIntakeBenchmark {

    static final int N = Integer.getInteger("bench.n", 6000);
    static final int WINDOW = Integer.getInteger("bench.window", 16);
    static final int DEGREE = Integer.getInteger("bench.degree", 16);

    record Run(String what, int messages, double seconds, long[] latenciesNanos, CpuUse cpu) {
        double rate() {
            return messages / seconds;
        }

        double percentileMillis(double p) {
            long[] s = latenciesNanos.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT, "%-8s %6d MO in %6.2f s = %7.0f MO/s   deliver_sm→resp p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms%n"
                            + "         CPU per MO %.3f ms (process), busiest: %s",
                    what, messages, seconds, rate(), percentileMillis(50), percentileMillis(99), percentileMillis(100),
                    cpu.processNanos() / 1e6 / messages, cpu.busiest(messages));
        }
    }

    /** CPU the JVM used during one half: the process (JIT and GC included) and each group of Java threads. */
    record CpuUse(long processNanos, java.util.Map<String, Long> threadNanos) {
        static CpuUse now() {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.Map<String, Long> byGroup = new java.util.TreeMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) continue;
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) byGroup.merge(group(info.getThreadName()), t, Long::sum);
            }
            return new CpuUse(os.getProcessCpuTime(), byGroup);
        }

        /** Thread names without their numbers: pool-7-thread-3 and pool-9-thread-1 are one group. */
        static String group(String name) {
            return name.replaceAll("[0-9a-f]{6,}|\\d+", "#");
        }

        CpuUse since(CpuUse before) {
            java.util.Map<String, Long> delta = new java.util.TreeMap<>();
            threadNanos.forEach((k, v) -> delta.put(k, v - before.threadNanos.getOrDefault(k, 0L)));
            return new CpuUse(processNanos - before.processNanos, delta);
        }

        String busiest(int messages) {
            return threadNanos.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() / 1e6 / messages))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    @Test
    void moRateGatewayVersusBareJsmppReceiver() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder out = new StringBuilder();
        try (SmscSimulator smsc = new SmscSimulator(0, "lapor-gw", "bench-pw")) {
            smsc.sendReceipts(false);
            List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                    "--gateway.data-dir=" + Path.of("target", "bench-sms", id).toAbsolutePath(),
                    "--lapor.base-url=" + TestSimulator.get().baseUrl(),
                    "--lapor.status-sync.interval=1h",
                    "--channels.sms.enabled=true", "--channels.sms.port=" + smsc.port(), "--channels.sms.password=bench-pw",
                    "--channels.sms.pdu-processor-degree=" + DEGREE, "--channels.sms.pdu-queue-capacity=1000",
                    "--logging.level.id.lapor.gateway=WARN", "--channels.letters.enabled=false",
                    "--gateway.intake-writers=" + Integer.getInteger("bench.writers", 2)));
            if (System.getProperty("bench.h2opts") != null && !TestEnvironment.postgres()) {
                // experiments with H2 settings on a fresh database, e.g. -Dbench.h2opts=";PAGE_SIZE=1024"
                args.add("--spring.datasource.url=jdbc:h2:file:" + Path.of("target", "bench-sms", id).toAbsolutePath()
                        + "/ledger;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000"
                        + System.getProperty("bench.h2opts"));
            }
            if (TestEnvironment.postgres()) {
                args.add("--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema("sb" + id));
                args.add("--spring.datasource.username=" + TestEnvironment.PG_USER);
            }
            // bare baseline bind first, then the gateway; each half pins itself to one of them by unbinding the other
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
            try {
                assertThat(smsc.awaitBound(Duration.ofSeconds(30))).isTrue();
                NamedParameterJdbcTemplate jdbc = gateway.getBean(NamedParameterJdbcTemplate.class);
                org.apache.camel.CamelContext camel = gateway.getBean(org.apache.camel.CamelContext.class);
                // forwarding to LAPOR! is not intake's load (IntakeBenchmark measures it separately): off during the halves
                camel.getRouteController().stopRoute("lapor-forwarder");
                // warm both paths
                bare(smsc, "warm-b", N / 2, camel);
                warmGateway(smsc, camel, warmLog);
                List<Run> runs = new ArrayList<>();
                runs.add(bare(smsc, "bare", N, camel));
                runs.add(gatewayHalf(smsc, "gateway", N, camel));
                runs.add(gatewayHalf(smsc, "gateway", N, camel));
                runs.add(bare(smsc, "bare", N, camel));
                Long stored = jdbc.queryForObject("SELECT COUNT(DISTINCT sender_key) FROM complaint WHERE channel = 'SMS' AND duplicate_of IS NULL",
                        new MapSqlParameterSource(), Long.class);
                double bareRate = (runs.get(0).rate() + runs.get(3).rate()) / 2;
                double gwRate = (runs.get(1).rate() + runs.get(2).rate()) / 2;
                out.append(String.format(Locale.ROOT, "SMS intake benchmark, store %s, N=%d per half, window %d, pdu-processor-degree %d, intake writers %d, %d cores, %s%n",
                        TestEnvironment.postgres() ? "PostgreSQL" : "H2 file (WRITE_DELAY=0)", N, WINDOW, DEGREE, Integer.getInteger("bench.writers", 2),
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
                out.append(warmLog);
                for (Run r : runs) out.append(r.line()).append('\n');
                out.append(String.format(Locale.ROOT, "gateway %.0f MO/s vs bare jSMPP %.0f MO/s: ratio %.3f%n", gwRate, bareRate, gwRate / bareRate));
                out.append("stored complaints ").append(stored).append(" of ").append(2L * N + (long) Math.min(warmRounds, 20) * (N / 2)).append(" sent to the gateway\n");
                System.out.print(out);
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target", "benchmark-sms-" + (TestEnvironment.postgres() ? "postgres" : "h2") + ".txt"), out.toString());
                assertThat(stored).as("zero lost, none twice").isEqualTo(2L * N + (long) Math.min(warmRounds, 20) * (N / 2));
            } finally {
                gateway.close();
            }
        }
    }

    /**
     * Rounds of N/2 through the gateway until the JIT compiler takes less than 10 % of a round's wall
     * time (at most 20 rounds): a gateway runs for months, so its compiled code is what is measured,
     * not the first minute's compiling. The rounds' messages are in the ledger like the others.
     */
    private int warmRounds;
    private final StringBuilder warmLog = new StringBuilder();

    private void warmGateway(SmscSimulator smsc, org.apache.camel.CamelContext camel, StringBuilder out) throws Exception {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        for (warmRounds = 1; warmRounds <= 20; warmRounds++) {
            long compiledBefore = jit.getTotalCompilationTime();
            Run r = gatewayHalf(smsc, "warm-g", N / 2, camel);
            double jitShare = (jit.getTotalCompilationTime() - compiledBefore) / 1000.0 / r.seconds();
            out.append(String.format(Locale.ROOT, "warm-up round %d: %.0f MO/s, JIT compiling %.0f %% of the round%n",
                    warmRounds, r.rate(), 100 * jitShare));
            if (jitShare < 0.10) break;
        }
    }

    /** Messages only to a bare jSMPP receiver: the gateway's route is stopped (its bind unbound) meanwhile. */
    private Run bare(SmscSimulator smsc, String what, int n, org.apache.camel.CamelContext camel) throws Exception {
        camel.getRouteController().stopRoute("sms-intake");
        SMPPSession bare = new SMPPSession();
        bare.setPduProcessorDegree(DEGREE);
        bare.setQueueCapacity(1000);
        bare.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(org.jsmpp.bean.DeliverSm deliverSm) {
                // nothing: jSMPP answers ESME_ROK as soon as this returns
            }

            @Override
            public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification alertNotification) {}

            @Override
            public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, org.jsmpp.session.Session source) {
                return null;
            }
        });
        bare.connectAndBind("127.0.0.1", smsc.port(), new BindParameter(BindType.BIND_TRX, "lapor-gw", "bench-pw", "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        try {
            return send(smsc, what, "bench bare ", n);
        } finally {
            bare.unbindAndClose();
        }
    }

    private Run gatewayHalf(SmscSimulator smsc, String what, int n, org.apache.camel.CamelContext camel) throws Exception {
        camel.getRouteController().startRoute("sms-intake");
        assertThat(smsc.awaitBound(Duration.ofSeconds(30))).isTrue();
        return send(smsc, what, "bench gateway ", n);
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    private Run send(SmscSimulator smsc, String what, String prefix, int n) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WINDOW, r -> new Thread(r, "bench-sender-" + threadNo.incrementAndGet()));
        List<String> texts = new ArrayList<>(n);
        List<String> senders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = SEQ.incrementAndGet();
            texts.add(prefix + k + " jalan rusak di RT " + (k % 40) + " mohon diperbaiki");
            senders.add(String.format("0813%08d", k));
        }
        CpuUse cpuBefore = CpuUse.now();
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < WINDOW; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int status = smsc.sendText(senders.get(i), "1708", texts.get(i));
                    latencies[i] = System.nanoTime() - t0;
                    if (status != 0) throw new IllegalStateException("deliver_sm_resp 0x" + Integer.toHexString(status));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuUse cpu = CpuUse.now().since(cpuBefore);
        pool.shutdown();
        return new Run(what, n, seconds, latencies, cpu);
    }
}

package id.lapor.gateway.bench;

import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.ops.GatewayMetrics;
import id.lapor.gateway.simulator.MailServerSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=EmailIntakeBenchmark} (add {@code -Ppostgres} for PostgreSQL,
 * {@code -Dbench.n=10000} for a bigger mailbox, {@code -Dbench.imap=greenmail|dovecot} for the IMAP
 * server: a private Dovecot instance when {@code /usr/sbin/dovecot} is there and we are root
 * ({@code bin/setup --bench} installs it), else GreenMail in process). The server holds N mixed
 * messages (plain text, HTML, a photo attachment, multipart/alternative, an auto-reply); measured in
 * the same run: (a) a bare Jakarta Mail loop that fetches every message's full bytes from INBOX,
 * (b) the gateway's email route taking the same mailbox to stored complaints (every message
 * committed and moved out of INBOX), (c) the bare loop again over the processed folder. The
 * forwarder and the acknowledgement sender are stopped: their cost is not intake's. Both sides are
 * warmed first (the gateway by rounds of 500 messages until the JIT compiler is quiet, the bare loop by one pass).
 */
@Tag("benchmark")
class EmailIntakeBenchmark {

    static final int N = Integer.getInteger("bench.n", 1000);
    static final int WARM_UP_ROUND = 500;
    static final int WARM_UP_MAX_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 10);
    static final int PER_POLL = Integer.getInteger("bench.per-poll", 50);
    static final byte[] JPEG = new byte[40 * 1024];

    static {
        JPEG[0] = (byte) 0xFF;
        JPEG[1] = (byte) 0xD8;
        JPEG[2] = (byte) 0xFF;
        for (int i = 3; i < JPEG.length; i++) JPEG[i] = (byte) (i * 31);
    }

    static String message(int i, String run) {
        String head = "From: Warga " + i + " <warga" + i + "@example.id>\r\nTo: pengaduan@diskominfo.example.go.id\r\nSubject: Aduan " + i
                + "\r\nMessage-ID: <bench-" + run + "-" + i + "@example.id>\r\nMIME-Version: 1.0\r\n";
        String text = "Jalan rusak di RT " + i + " sudah dua bulan, mohon diperbaiki. Nomor " + i + ".";
        return switch (i % 5) {
            case 0 -> head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
            case 1 -> head + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>" + text + "</p><ul><li>satu</li><li>dua</li></ul>\r\n";
            case 2 -> head + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" + text
                    + "\r\n--b\r\nContent-Type: image/jpeg; name=\"foto.jpg\"\r\nContent-Disposition: attachment; filename=\"foto" + i
                    + ".jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(JPEG) + "\r\n--b--\r\n";
            case 3 -> head + "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\n" + text
                    + "\r\n--a\r\nContent-Type: text/html\r\n\r\n<div>" + text + "</div>\r\n--a--\r\n";
            default -> head + "Auto-Submitted: auto-replied\r\nContent-Type: text/plain\r\n\r\nSaya sedang cuti.\r\n";
        };
    }

    record Bare(int messages, long bytes, double seconds, double cpuSeconds) {}

    /** CPU time of this JVM (all threads): the gateway, or the bare loop; not the IMAP server's when it is Dovecot. */
    static double cpuSeconds() {
        return IntakeBenchmark.cpu() / 1e9;
    }

    /** GreenMail behind the benchmark's mailbox interface. */
    record GreenMailbox(MailServerSimulator mail) implements BenchMailbox {
        public int imapPort() {
            return mail.imapPort();
        }

        public void deliver(List<byte[]> emls) {
            emls.forEach(mail::deliver);
        }

        public int count(String folder) {
            return mail.count(folder);
        }

        public void close() {}
    }

    /** Email inputs the gateway has finished with: stored, duplicate, ignored or quarantined. */
    static double settled(GatewayMetrics m) {
        return m.value(Channel.EMAIL, GatewayMetrics.Event.STORED) + m.value(Channel.EMAIL, GatewayMetrics.Event.DUPLICATE)
                + m.value(Channel.EMAIL, GatewayMetrics.Event.IGNORED) + m.value(Channel.EMAIL, GatewayMetrics.Event.QUARANTINED);
    }

    /** CPU seconds per live thread, to name where the gateway's CPU went. */
    static java.util.Map<String, Double> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Double> cpu = new java.util.HashMap<>();
        for (long tid : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(tid);
            long t = mx.getThreadCpuTime(tid);
            if (info != null && t > 0) cpu.merge(info.getThreadName().replaceAll("\\d+", "N"), t / 1e9, Double::sum);
        }
        return cpu;
    }

    static String topThreads(java.util.Map<String, Double> before, java.util.Map<String, Double> after, int n) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0.05)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Deletes and expunges every message of {@code folder}. */
    static void empty(BenchMailbox mail, String folder) throws Exception {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", mail.imapPort(), "pengaduan", "bench-pw");
            Folder f = store.getFolder(folder);
            if (!f.exists()) return;
            f.open(Folder.READ_WRITE);
            if (f.getMessageCount() > 0) f.setFlags(1, f.getMessageCount(), new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
            f.close(true);
        }
    }

    static Bare bareFetch(BenchMailbox mail, String folder) throws Exception {
        Properties props = new Properties();
        // the same fetch size the gateway's consumer uses (EmailConfiguration): one FETCH per message body
        props.setProperty("mail.imap.fetchsize", String.valueOf(1 << 20));
        Session session = Session.getInstance(props);
        long started = System.nanoTime();
        double cpu = cpuSeconds();
        long bytes = 0;
        int n = 0;
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", mail.imapPort(), "pengaduan", "bench-pw");
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            for (Message m : f.getMessages()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                m.writeTo(out);
                bytes += out.size();
                n++;
            }
            f.close(false);
        }
        return new Bare(n, bytes, (System.nanoTime() - started) / 1e9, cpuSeconds() - cpu);
    }

    @Test
    void mailboxToStoredComplaints() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String server = System.getProperty("bench.imap", DovecotServer.available() ? "dovecot" : "greenmail");
        try (MailServerSimulator smtp = new MailServerSimulator(0, 0, "pengaduan@diskominfo.example.go.id", "pengaduan", "bench-pw").start();
             BenchMailbox mail = server.equals("dovecot") ? new DovecotServer("pengaduan", "bench-pw") : new GreenMailbox(smtp)) {
            List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                    "--gateway.data-dir=" + Path.of("target", "bench-email", id).toAbsolutePath(),
                    "--lapor.base-url=" + TestSimulator.get().baseUrl(), "--lapor.status-sync.interval=1h",
                    "--channels.email.enabled=true", "--channels.email.own-addresses[0]=pengaduan@diskominfo.example.go.id",
                    "--channels.email.imap.protocol=imap", "--channels.email.imap.port=" + mail.imapPort(),
                    "--channels.email.imap.password=bench-pw", "--channels.email.imap.poll-interval=20ms",
                    "--channels.email.imap.max-messages-per-poll=" + PER_POLL,
                    "--channels.email.smtp.port=" + smtp.smtpPort(), "--channels.email.smtp.start-tls=false",
                    "--logging.level.id.lapor.gateway=WARN"));
            if (TestEnvironment.postgres()) {
                args.add("--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema("eb" + id));
                args.add("--spring.datasource.username=" + TestEnvironment.PG_USER);
            }
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
            try {
                org.apache.camel.CamelContext camel = gateway.getBean(org.apache.camel.CamelContext.class);
                camel.getRouteController().stopRoute("email-intake");
                camel.getRouteController().stopRoute("lapor-forwarder");
                camel.getRouteController().stopRoute("email-replies");
                NamedParameterJdbcTemplate jdbc = gateway.getBean(NamedParameterJdbcTemplate.class);
                // warm the gateway (Tika, jsoup, Jakarta Mail, JDBC, Camel) until the JIT compiler is quiet: the
                // gateway's code is large, and C2 compiling it takes a core for tens of seconds after start,
                // which is start-up cost, not the steady rate a mailbox is worked off at
                java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
                int rounds = 0;
                double jitShare = 1;
                int warmedUp = 0;
                while (rounds < WARM_UP_MAX_ROUNDS && jitShare > 0.15) {
                    int round = rounds++;
                    mail.deliver(IntStream.range(0, WARM_UP_ROUND).mapToObj(i -> message(i, "warm" + round + "-" + id).getBytes(StandardCharsets.UTF_8)).toList());
                    long t0 = System.nanoTime();
                    long c0 = jit.getTotalCompilationTime();
                    camel.getRouteController().startRoute("email-intake");
                    while (mail.count("INBOX") > 0) Thread.sleep(100);
                    camel.getRouteController().stopRoute("email-intake");
                    jitShare = (jit.getTotalCompilationTime() - c0) / ((System.nanoTime() - t0) / 1e6);
                    warmedUp += WARM_UP_ROUND;
                    // the measured run starts from the same folders as a cold one
                    for (String folder : List.of("LAPOR-Diproses", "LAPOR-Diabaikan")) empty(mail, folder);
                }

                List<byte[]> emls = IntStream.range(0, N).mapToObj(i -> message(i, id).getBytes(StandardCharsets.UTF_8)).toList();
                long bytes = emls.stream().mapToLong(b -> b.length).sum();
                mail.deliver(emls);
                bareFetch(mail, "INBOX"); // warm the server and the client
                Bare before = bareFetch(mail, "INBOX");

                long started = System.nanoTime();
                double cpuBefore = cpuSeconds();
                long jitBefore = jit.getTotalCompilationTime();
                java.util.Map<String, Double> threadsBefore = threadCpu();
                camel.getRouteController().startRoute("email-intake");
                // progress from the gateway's counters: polling the IMAP server or the database would take
                // CPU from the gateway that the bare loop does not have to share
                GatewayMetrics metrics = gateway.getBean(GatewayMetrics.class);
                double settledBefore = settled(metrics);
                while (settled(metrics) - settledBefore < N) {
                    Thread.sleep(20);
                }
                while (mail.count("INBOX") > 0) Thread.sleep(20);
                double gatewaySeconds = (System.nanoTime() - started) / 1e9;
                double gatewayCpu = cpuSeconds() - cpuBefore;
                double gatewayJit = (jit.getTotalCompilationTime() - jitBefore) / 1000.0;
                String busiest = topThreads(threadsBefore, threadCpu(), 6);
                Bare after = bareFetch(mail, "LAPOR-Diproses");

                Long stored = jdbc.queryForObject("SELECT COUNT(*) FROM complaint WHERE channel = 'EMAIL' AND external_id LIKE :p",
                        new MapSqlParameterSource("p", "<bench-" + id + "-%"), Long.class);
                int ignoredFolder = mail.count("LAPOR-Diabaikan");
                double bareRate = (before.messages() / before.seconds() + after.messages() / after.seconds()) / 2;
                double gwRate = N / gatewaySeconds;
                StringBuilder out = new StringBuilder();
                out.append(String.format(Locale.ROOT, "Email intake benchmark, IMAP server %s, store %s, N=%d mixed messages (%.1f MB), max-messages-per-poll %d, %d cores, %s%n",
                        server.equals("dovecot") ? "Dovecot " + "(private instance)" : "GreenMail (in process)",
                        TestEnvironment.postgres() ? "PostgreSQL" : "H2 file (WRITE_DELAY=0)", N, bytes / 1e6, PER_POLL,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
                out.append(String.format(Locale.ROOT, "bare Jakarta Mail fetch INBOX:          %d messages in %.2f s = %.0f msg/s, JVM CPU %.2f ms/msg%n", before.messages(), before.seconds(), before.messages() / before.seconds(), before.cpuSeconds() * 1000 / before.messages()));
                out.append(String.format(Locale.ROOT, "gateway IMAP -> committed -> moved:     %d messages in %.2f s = %.0f msg/s, JVM CPU %.2f ms/msg%n", N, gatewaySeconds, gwRate, gatewayCpu * 1000 / N));
                out.append(String.format(Locale.ROOT, "bare Jakarta Mail fetch LAPOR-Diproses: %d messages in %.2f s = %.0f msg/s, JVM CPU %.2f ms/msg%n", after.messages(), after.seconds(), after.messages() / after.seconds(), after.cpuSeconds() * 1000 / after.messages()));
                out.append(String.format(Locale.ROOT, "gateway %.0f msg/s vs bare fetch %.0f msg/s: ratio %.3f%n", gwRate, bareRate, gwRate / bareRate));
                out.append(String.format(Locale.ROOT, "gateway warmed by %d messages (%d rounds; JIT compiling %.0f%% of the last round's wall time); JIT compile time during the measured run %.1f s%n",
                        warmedUp, rounds, jitShare * 100, gatewayJit));
                out.append("gateway CPU by thread: ").append(busiest).append('\n');
                out.append("stored complaints ").append(stored).append(", auto-replies in the ignored folder ").append(ignoredFolder)
                        .append(", of ").append(N).append('\n');
                System.out.print(out);
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target", "benchmark-email-" + server + "-" + (TestEnvironment.postgres() ? "postgres" : "h2") + ".txt"), out.toString());
                assertThat(stored + ignoredFolder).as("every message accounted for").isEqualTo(N);
            } finally {
                gateway.close();
            }
        }
    }
}

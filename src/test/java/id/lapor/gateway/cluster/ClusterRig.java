package id.lapor.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.MailServerSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.simulator.TelegramSimulator;
import id.lapor.gateway.support.GatewayProcess;
import id.lapor.gateway.support.TestEnvironment;
import org.jsmpp.SMPPConstant;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several gateway processes on one PostgreSQL schema (leader election {@code gateway.cluster.type=jdbc}) with
 * the LAPOR!, SMSC, mail and Telegram simulators and one letters inbox folder they share, for
 * {@code ClusterFailoverIT} and {@code bench.ClusterFailoverBenchmark}. Nodes are child JVMs
 * ({@link GatewayProcess}) named {@code node-1}…; {@link #killLeader} kills the leader of a {@code master:}
 * route with SIGKILL and measures how long until another node's {@code /actuator/health/cluster} says it
 * leads that route.
 *
 * <p>{@code gateway.blobs.type} is left unset, so the default for a PostgreSQL ledger applies: the
 * {@code database} store, which every node reads (a letter keeps its file as an attachment; whichever node's
 * forwarder claims it must find the bytes). Each node polls the Telegram simulator through its own base URL
 * ({@link TelegramSimulator#baseUrl(String)}), so the simulator records which node read which update.
 */
public final class ClusterRig implements AutoCloseable {

    static final String BEARER = "cluster-bearer";
    static final String TOKEN = "cluster-token";
    static final String MAILBOX = "pengaduan@diskominfo.example.go.id";
    static final String TELEGRAM_TOKEN = "424242:CLUSTER-token_xyz";
    /** Telegram user ids of {@link #telegram(int)}: {@code TELEGRAM_USERS + n}. */
    public static final long TELEGRAM_USERS = 910_000;

    private final ObjectMapper json = new ObjectMapper();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path work = Path.of("target", "cluster-rig", id).toAbsolutePath();
    private final Path inbox = work.resolve("letters-inbox");
    private final String schema = TestEnvironment.freshSchema("cl" + id);
    private final String jdbcUrl = TestEnvironment.PG_URL + "?currentSchema=" + schema;
    private final Duration lease;
    private final Duration renew;
    private final boolean mailAndLetters;
    private final Map<String, GatewayProcess> nodes = new ConcurrentHashMap<>();
    private final Map<String, Integer> runs = new ConcurrentHashMap<>();
    private volatile List<String> jvmOptions = List.of();
    private final Map<String, String> jdbcUrls = new ConcurrentHashMap<>();
    public final LaporSimulator lapor;
    public final SmscSimulator smsc;
    public final MailServerSimulator mail;
    public final TelegramSimulator telegram;

    /**
     * @param lease, renew     {@code gateway.cluster.lease} and {@code renew} of every node
     * @param mailAndLetters   also switch the mailbox, the letters folder and Telegram polling on (the
     *                         leader's consumers)
     */
    public ClusterRig(Duration lease, Duration renew, boolean mailAndLetters) throws IOException {
        this.lease = lease;
        this.renew = renew;
        this.mailAndLetters = mailAndLetters;
        Files.createDirectories(inbox);
        // LAPOR!'s public contract has no idempotency key: the simulator ignores it, so a second report of one
        // complaint is visible (the gateway must have marked that complaint uncertain)
        lapor = new LaporSimulator(0, BEARER, TOKEN, "/api/v3", Duration.ofHours(1),
                SimulatorFaults.none().withIdempotencyKeyIgnored(true), Clock.systemUTC());
        smsc = new SmscSimulator(0, "lapor-gw", "pw-clstr");
        mail = new MailServerSimulator(0, 0, MAILBOX, "pengaduan", "imap-cluster").start();
        telegram = new TelegramSimulator(0, TELEGRAM_TOKEN);
    }

    public Path inbox() {
        return inbox;
    }

    private List<String> args(String node) {
        List<String> a = new ArrayList<>(List.of(
                "--spring.profiles.active=test", "--gateway.instance=" + node,
                "--gateway.data-dir=" + work.resolve(node),
                "--spring.datasource.url=" + jdbcUrls.getOrDefault(node, jdbcUrl), "--spring.datasource.username=" + TestEnvironment.PG_USER,
                "--gateway.cluster.type=jdbc", "--gateway.cluster.lease=" + lease.toMillis() + "ms",
                "--gateway.cluster.renew=" + renew.toMillis() + "ms",
                "--lapor.base-url=" + lapor.baseUrl(), "--lapor.bearer=" + BEARER, "--lapor.token=" + TOKEN,
                "--channels.sms.enabled=true", "--channels.sms.port=" + smsc.port(), "--channels.sms.password=pw-clstr",
                "--channels.sms.reconnect-initial-delay=100ms", "--channels.sms.reconnect-max-delay=500ms",
                "--channels.sms.replies.enabled=false",
                "--logging.level.id.lapor.gateway=INFO"));
        if (mailAndLetters) {
            a.addAll(List.of("--channels.email.enabled=true", "--channels.email.own-addresses[0]=" + MAILBOX,
                    "--channels.email.imap.protocol=imap", "--channels.email.imap.port=" + mail.imapPort(),
                    "--channels.email.imap.password=imap-cluster", "--channels.email.imap.poll-interval=300ms",
                    "--channels.email.imap.max-messages-per-poll=10", "--channels.email.imap.connection-timeout=2s",
                    "--channels.email.smtp.port=" + mail.smtpPort(), "--channels.email.smtp.start-tls=false",
                    "--channels.email.smtp.from=" + MAILBOX, "--channels.email.replies.enabled=false",
                    "--channels.letters.enabled=true", "--channels.letters.inbox.dir=" + inbox,
                    "--channels.telegram.enabled=true", "--channels.telegram.base-url=" + telegram.baseUrl(node),
                    "--channels.telegram.token=" + TELEGRAM_TOKEN, "--channels.telegram.poll-timeout=1s",
                    "--channels.telegram.poll-interval=100ms", "--channels.telegram.conversation.quiet-period=1s",
                    "--channels.telegram.replies.enabled=false",
                    "--gateway.chat.close-interval=200", "--gateway.chat.media-interval=500"));
        } else {
            a.addAll(List.of("--channels.email.enabled=false", "--channels.letters.enabled=false", "--channels.telegram.enabled=false"));
        }
        return a;
    }

    /**
     * JVM options of the nodes launched from now on (none by default). The IT starts nodes with the C1 compiler
     * only ({@code -XX:TieredStopAtLevel=1}): ten restarts on two shared cores then spend no CPU on C2
     * compilation, and what the IT checks does not depend on compiled-code speed; the benchmark keeps the default JIT, since it
     * measures CPU per message.
     */
    public ClusterRig jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * Lets {@code node} (when launched from now on) reach PostgreSQL at {@code host:port} instead of the rig's
     * server, on the same database and schema: for a node behind a TCP proxy the test can cut.
     */
    public ClusterRig databaseVia(String node, String host, int port) {
        String db = TestEnvironment.PG_URL.replaceFirst("^jdbc:postgresql://[^/]+", "jdbc:postgresql://" + host + ":" + port);
        jdbcUrls.put(node, db + "?currentSchema=" + schema);
        return this;
    }

    /** The host and port of the rig's PostgreSQL server, from {@link TestEnvironment#PG_URL}. */
    public static java.net.InetSocketAddress databaseServer() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/").matcher(TestEnvironment.PG_URL);
        if (!m.find()) throw new IllegalStateException("not a PostgreSQL JDBC URL: " + TestEnvironment.PG_URL);
        return java.net.InetSocketAddress.createUnresolved(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    }

    /** Launches {@code node} (again, after a kill: a new log file each run); does not wait. */
    public GatewayProcess launch(String node) throws IOException {
        int run = runs.merge(node, 1, Integer::sum);
        GatewayProcess p = GatewayProcess.start(GatewayProcess.freePort(), jvmOptions, args(node),
                work.resolve(node + "-run-" + run).resolve("gateway.log"));
        nodes.put(node, p);
        return p;
    }

    /** Starts {@code count} nodes (the first alone, so that one Flyway run makes the schema) and waits until all are ready and bound. */
    public void startNodes(int count) throws Exception {
        launch("node-1").awaitReady(Duration.ofSeconds(240));
        for (int i = 2; i <= count; i++) launch("node-" + i);
        for (GatewayProcess p : nodes.values()) p.awaitReady(Duration.ofSeconds(240));
        awaitBinds(count);
    }

    /** Waits until {@code count} gateways are bound to the SMSC simulator. */
    public void awaitBinds(int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (smsc.boundReceivers() < count && System.nanoTime() < end) Thread.sleep(50);
        if (smsc.boundReceivers() < count) throw new AssertionError("only " + smsc.boundReceivers() + " of " + count + " binds");
    }

    public Map<String, GatewayProcess> nodes() {
        return nodes;
    }

    /** Whether {@code node} runs and its {@code /actuator/health/readiness} answers 200. */
    public boolean ready(String node) {
        GatewayProcess p = nodes.get(node);
        if (p == null || !p.alive()) return false;
        try {
            return p.get("/actuator/health/readiness", null, null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The details of the {@code cluster} health component of {@code node} ({@code /actuator/health/cluster}
     * alone: the full {@code /actuator/health} also runs the database check, which waits for its connection
     * when the node's database hangs), or empty when it does not answer within 5 s.
     */
    public Optional<JsonNode> cluster(String node) {
        GatewayProcess p = nodes.get(node);
        if (p == null || !p.alive()) return Optional.empty();
        try {
            HttpResponse<String> r = p.get("/actuator/health/cluster", "ops", "ops-test");
            if (r.statusCode() != 200) return Optional.empty();
            return Optional.of(json.readTree(r.body()).path("details"));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The nodes whose health says they lead {@code routeId}. */
    public List<String> leadersOf(String routeId) {
        List<String> out = new ArrayList<>();
        for (String node : List.copyOf(nodes.keySet())) {
            cluster(node).filter(c -> c.path("leads").toString().contains("\"" + routeId + "\"")).ifPresent(c -> out.add(node));
        }
        return out;
    }

    /** Waits up to {@code timeout} until exactly one node leads {@code routeId}; returns it. */
    public String awaitLeader(String routeId, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<String> leaders = leadersOf(routeId);
            if (leaders.size() == 1) return leaders.get(0);
            Thread.sleep(50);
        }
        throw new AssertionError("no single leader of " + routeId + " within " + timeout + ": " + leadersOf(routeId));
    }

    /** What one kill showed: the node killed, the node that took over, and how long after the kill. */
    public record Takeover(String killed, String successor, Duration after) {}

    /**
     * SIGKILLs the node leading {@code routeId} and waits until another node leads it.
     *
     * @return the takeover; its time runs from the kill to the first health answer naming the new leader
     */
    public Takeover killLeader(String routeId, Duration timeout) throws InterruptedException {
        String leader = awaitLeader(routeId, timeout);
        long killedAt = System.nanoTime();
        nodes.get(leader).kill();
        nodes.remove(leader);
        long end = killedAt + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<String> leaders = leadersOf(routeId);
            if (!leaders.isEmpty()) return new Takeover(leader, leaders.get(0), Duration.ofNanos(System.nanoTime() - killedAt));
            Thread.sleep(20);
        }
        throw new AssertionError("no node took over " + routeId + " within " + timeout + " after " + leader + " was killed");
    }

    /** One mobile-originated SMS; true when the gateway answered deliver_sm_resp ROK (it committed). */
    public boolean sms(int n) {
        try {
            return smsc.sendText(String.format("+62812%07d", n), "1708",
                    "LAPOR jalan rusak di RT " + n + " desa Sukamaju, mohon segera diperbaiki") == SMPPConstant.STAT_ESME_ROK;
        } catch (IOException e) {
            return false; // its bind's node was killed: not acknowledged, the SMSC would retry
        }
    }

    /** One plain-text complaint mail (Message-ID {@code <cluster-n@warga.example>}) into the mailbox. */
    public void mail(int n) {
        String eml = "From: Warga " + n + " <warga" + n + "@warga.example>\r\nTo: " + MAILBOX + "\r\n"
                + "Subject: Lampu jalan padam nomor " + n + "\r\nMessage-ID: <cluster-" + n + "@warga.example>\r\n"
                + "Date: Mon, 30 Nov 2026 10:00:00 +0700\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Lampu penerangan jalan di gang " + n + " Kelurahan Ampenan padam sejak seminggu. Mohon diperbaiki.\r\n";
        mail.deliver(eml.getBytes(StandardCharsets.UTF_8));
    }

    /** One Telegram text message from its own citizen (user {@link #TELEGRAM_USERS} + n): one update, one complaint. */
    public void telegram(int n) {
        telegram.text(TELEGRAM_USERS + n, "Warga " + n, "Lapor min, saluran air di gang " + n
                + " Kelurahan Cakranegara tersumbat sampah, air meluap ke jalan tiap hujan. Mohon dibersihkan.");
    }

    /** One typed letter ({@code .txt}) into the shared inbox, written aside and moved in atomically. */
    public void letter(int n) throws IOException {
        String text = "Kepada Yth. Kepala Dinas Pekerjaan Umum\nDi tempat\n\nDengan hormat,\nKami warga RT " + n
                + " Desa Sukamaju melaporkan jembatan kayu di dusun kami rusak berat dan berbahaya bagi anak sekolah."
                + " Mohon segera diperbaiki.\n\nHormat kami,\nWarga RT " + n + "\n";
        Path tmp = inbox.resolve(".surat-" + n + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, inbox.resolve("surat-" + n + ".txt"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs {@code sql} on the rig's schema; each row as column → value. */
    public List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, TestEnvironment.PG_USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                rows.add(row);
            }
            return rows;
        }
    }

    public long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }

    @Override
    public void close() {
        for (GatewayProcess p : nodes.values()) {
            try {
                p.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lapor.close();
        try {
            smsc.close();
        } catch (Exception e) {
            // closing anyway
        }
        mail.close();
        telegram.close();
    }
}

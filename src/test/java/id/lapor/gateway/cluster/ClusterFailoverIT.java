package id.lapor.gateway.cluster;

import id.lapor.gateway.simulator.TelegramSimulator;
import id.lapor.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #19 failover, on the packaged build (failsafe, once per {@code verify}): {@value #NODES} gateway processes on
 * one PostgreSQL schema (127.0.0.1:5432/test, {@code gateway.cluster.type=jdbc}, lease 4 s, renew 1 s: shorter
 * than production's 10 s / 2 s so that ten kills fit in a few minutes; the benchmark measures production's) with
 * the LAPOR!, SMSC, mail and Telegram simulators and one shared letters folder. {@code gateway.blobs.type} is not
 * set, so the default for PostgreSQL applies: the shared {@code database} blob store.
 *
 * <p>SMS go into every bind while mail, letters and Telegram messages (each from its own citizen) arrive. The
 * node leading a singleton consumer (in turn the mailbox, Telegram polling, the letters folder) is killed with
 * SIGKILL mid-stream {@value #KILLS} times in a row. The killed node is started again in the background while
 * the stream goes on; the next kill waits only until at least two nodes are ready (the leader and one that can
 * take over), so up to two nodes may be starting while one carries everything.
 *
 * <p>Checked: every acknowledged SMS, every mail, every letter and every Telegram update is one complaint, and
 * every complaint is forwarded (none parked: whichever node's forwarder claims a letter reads its attachment
 * from the shared store), each with one LAPOR! report except a complaint the gateway marked uncertain, which may
 * have two at a LAPOR! that ignores the Idempotency-Key as the simulator does here; no input became two
 * complaints (none read twice); getUpdates was called by one node at a time (no two nodes' calls overlap) and
 * every update was confirmed; an update handed to two nodes was first handed to one that was then killed; no
 * {@code .camelLock} marker of a dead reader is left in the folder; one node leads each singleton at the end.
 * The takeover time (kill → another node's health says it leads) is printed for each kill with p50 and max.
 *
 * <p>A whole-process database cut of the leader is {@code DatabaseCutIT}. A leader cut from the database (connections refused, or hanging) stopping its singletons before another
 * node starts them is {@code JdbcClusterServiceTest}'s case, on the cluster service itself.
 */
class ClusterFailoverIT {

    static final int NODES = 3;
    static final int KILLS = 10;
    static final Duration LEASE = Duration.ofSeconds(4);
    static final Duration RENEW = Duration.ofSeconds(1);
    /** The singleton whose leader each kill targets, in turn. */
    static final List<String> TARGETS = List.of("email-intake", "telegram-poll", "letter-inbox");

    @Test
    void killingTheLeaderTenTimesLosesNothingAndReadsNothingTwice() throws Exception {
        long begin = System.nanoTime();
        try (ClusterRig rig = new ClusterRig(LEASE, RENEW, true).jvmOptions(List.of("-XX:TieredStopAtLevel=1"))) {
            rig.startNodes(NODES);
            System.out.printf("cluster IT: %d nodes ready after %d s%n", NODES, (System.nanoTime() - begin) / 1_000_000_000);
            Set<Integer> ackedSms = ConcurrentHashMap.newKeySet();
            AtomicInteger sms = new AtomicInteger();
            AtomicInteger mails = new AtomicInteger();
            AtomicInteger letters = new AtomicInteger();
            AtomicInteger telegrams = new AtomicInteger();
            AtomicBoolean traffic = new AtomicBoolean(true);
            Thread feeder = new Thread(() -> {
                while (traffic.get()) {
                    int n = sms.incrementAndGet();
                    if (rig.sms(n)) ackedSms.add(n);
                    try {
                        if (n % 4 == 0) rig.mail(mails.incrementAndGet());
                        if (n % 6 == 0) rig.letter(letters.incrementAndGet());
                        if (n % 3 == 0) rig.telegram(telegrams.incrementAndGet());
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "cluster-feeder");
            feeder.start();

            List<ClusterRig.Takeover> takeovers = new ArrayList<>();
            Set<String> killed = new LinkedHashSet<>();
            List<Thread> restarts = new ArrayList<>();
            List<Throwable> restartFailures = new CopyOnWriteArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(2000); // mid-stream
                awaitReadyNodes(rig, 2, Duration.ofSeconds(240));
                String target = TARGETS.get(k % TARGETS.size());
                ClusterRig.Takeover t = rig.killLeader(target, Duration.ofSeconds(60));
                takeovers.add(t);
                killed.add(t.killed());
                System.out.printf("kill %d (%s): %s killed, %s leads after %d ms%n", k + 1, target, t.killed(), t.successor(), t.after().toMillis());
                Thread restart = new Thread(() -> {
                    GatewayProcess p = null;
                    try {
                        p = rig.launch(t.killed());
                        p.awaitReady(Duration.ofSeconds(240));
                    } catch (Throwable e) {
                        // a node killed again while it was still starting is not a failure of its start
                        if (p == null || rig.nodes().get(t.killed()) == p) restartFailures.add(e);
                    }
                }, "restart-" + t.killed());
                restart.start();
                restarts.add(restart);
            }
            for (Thread r : restarts) r.join();
            assertThat(restartFailures).as("restarts of killed nodes").isEmpty();
            rig.awaitBinds(NODES);
            Thread.sleep(2000);
            traffic.set(false);
            feeder.join();
            System.out.printf("cluster IT: %d kills done after %d s%n", KILLS, (System.nanoTime() - begin) / 1_000_000_000);

            // everything that came in is read and forwarded once
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && !settled(rig, ackedSms.size(), mails.get(), letters.get(), telegrams.get())
                    && rig.count("SELECT COUNT(*) FROM complaint WHERE status = 'PARKED'") == 0) Thread.sleep(500);
            List<Map<String, Object>> perChannel = rig.query("SELECT channel, status, COUNT(*) AS n FROM complaint GROUP BY channel, status ORDER BY channel, status");
            System.out.printf("cluster IT: %d SMS sent, %d acknowledged, %d mails, %d letters, %d Telegram updates; complaints %s%n",
                    sms.get(), ackedSms.size(), mails.get(), letters.get(), telegrams.get(), perChannel);

            assertThat(rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'SMS'"))
                    .as("SMS complaints: every acknowledged one, at most every sent one").isBetween((long) ackedSms.size(), (long) sms.get());
            assertThat(rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'EMAIL'")).as("mail complaints").isEqualTo(mails.get());
            assertThat(rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'LETTER'")).as("letter complaints").isEqualTo(letters.get());
            assertThat(rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'TELEGRAM'")).as("Telegram complaints, one per update").isEqualTo(telegrams.get());
            assertThat(rig.count("SELECT COUNT(*) FROM chat_part WHERE channel = 'TELEGRAM'")).as("Telegram updates stored").isEqualTo(telegrams.get());
            assertThat(rig.count("SELECT COUNT(*) FROM quarantine")).as("quarantined").isZero();
            // none read twice: every input's text is its own (its number in it), so two complaints with one
            // content hash would be one input read twice; and none was marked a duplicate of another
            assertThat(rig.query("SELECT channel, content_hash FROM complaint GROUP BY channel, content_hash HAVING COUNT(*) > 1")).isEmpty();
            assertThat(rig.count("SELECT COUNT(*) FROM complaint WHERE duplicate_of IS NOT NULL")).isZero();
            // every node forwards what any node received: a letter's file is in the shared store, so none is parked
            assertThat(rig.query("SELECT c.channel, c.status, o.state, o.last_error FROM complaint c LEFT JOIN outbox o ON o.ticket = c.ticket"
                    + " WHERE c.status <> 'FORWARDED'")).as("complaints not forwarded").isEmpty();
            assertThat(rig.count("SELECT COUNT(*) FROM complaint_attachment a JOIN complaint c ON c.ticket = a.ticket WHERE c.channel = 'LETTER'"))
                    .as("letters' files kept as attachments").isEqualTo(letters.get());
            assertThat(rig.count("SELECT COUNT(*) FROM blob_store")).as("blobs in the shared database store").isPositive();
            // LAPOR! (simulator ignoring the Idempotency-Key) holds a second report only of a complaint marked uncertain
            // (a create in flight on a killed node); every other complaint has exactly one
            long uncertain = 0;
            for (Map<String, Object> row : rig.query("SELECT ticket, lapor_create_uncertain FROM complaint WHERE status = 'FORWARDED'")) {
                String ticket = (String) row.get("ticket");
                if (Boolean.TRUE.equals(row.get("lapor_create_uncertain"))) {
                    uncertain++;
                    assertThat(rig.lapor.creates(ticket)).as("LAPOR! reports of uncertain %s", ticket).isBetween(1L, 2L);
                } else {
                    assertThat(rig.lapor.creates(ticket)).as("LAPOR! reports of %s", ticket).isEqualTo(1);
                }
            }
            assertThat(rig.lapor.ticketsWithSeveralReports()).as("tickets with two reports").isLessThanOrEqualTo(uncertain);
            System.out.printf("%d complaints marked uncertain, %d with two LAPOR! reports%n", uncertain, rig.lapor.ticketsWithSeveralReports());
            try (Stream<java.nio.file.Path> left = Files.list(rig.inbox())) {
                assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                        .as("inbox after the run: nothing left unread, no stale .camelLock").isEmpty();
            }
            assertThat(rig.mail.count("INBOX")).as("mails left in INBOX").isZero();
            assertThat(rig.telegram.unconfirmed()).as("Telegram updates not confirmed by a getUpdates offset").isZero();
            checkTelegramPolling(rig.telegram.polls(), killed);
            for (String route : List.of("email-intake", "letter-inbox", "telegram-poll", "chat-close", "lapor-status-sync", "sms-parts-timeout")) {
                assertThat(rig.leadersOf(route)).as("leaders of %s", route).hasSize(1);
            }

            List<Long> ms = takeovers.stream().map(t -> t.after().toMillis()).sorted().toList();
            System.out.printf("takeover after SIGKILL of the leader (lease %s, renew %s): p50 %d ms, max %d ms over %d kills; all %s%n",
                    LEASE, RENEW, ms.get(ms.size() / 2), ms.get(ms.size() - 1), ms.size(), takeovers.stream().map(t -> t.after().toMillis()).toList());
            System.out.printf("cluster IT: %d s in all%n", (System.nanoTime() - begin) / 1_000_000_000);
            assertThat(takeovers).hasSize(KILLS).allSatisfy(t -> assertThat(t.successor()).isNotEqualTo(t.killed()));
        }
    }

    /**
     * Telegram polling is a {@code master:} route: no two nodes' getUpdates calls overlap in time, and an update
     * handed to more than one node was handed first to a node that was later killed (it died before its offset
     * confirmed the update, so Telegram handed it out again, as it does).
     */
    private static void checkTelegramPolling(List<TelegramSimulator.Poll> polls, Set<String> killed) {
        List<TelegramSimulator.Poll> sorted = polls.stream().sorted((a, b) -> Long.compare(a.startNanos(), b.startNanos())).toList();
        for (int i = 0; i < sorted.size(); i++) {
            TelegramSimulator.Poll a = sorted.get(i);
            for (int j = i + 1; j < sorted.size() && sorted.get(j).startNanos() < a.endNanos(); j++) {
                TelegramSimulator.Poll b = sorted.get(j);
                assertThat(b.client()).as("getUpdates of %s overlapping one of %s", b.client(), a.client()).isEqualTo(a.client());
            }
        }
        Map<Long, List<String>> readers = new TreeMap<>();
        for (TelegramSimulator.Poll p : sorted) {
            for (Long id : p.updateIds()) readers.computeIfAbsent(id, x -> new ArrayList<>()).add(p.client());
        }
        int again = 0;
        for (Map.Entry<Long, List<String>> e : readers.entrySet()) {
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(e.getValue()));
            if (distinct.size() > 1) {
                again++;
                assertThat(new HashSet<>(killed)).as("update %d handed to %s", e.getKey(), distinct)
                        .containsAll(distinct.subList(0, distinct.size() - 1));
            }
        }
        System.out.printf("Telegram: %d getUpdates calls by %s, %d updates, %d handed to a second node after its first reader was killed%n",
                polls.size(), polls.stream().map(TelegramSimulator.Poll::client).distinct().sorted().toList(), readers.size(), again);
        assertThat(polls).as("getUpdates calls").isNotEmpty();
    }

    private static void awaitReadyNodes(ClusterRig rig, int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (rig.nodes().keySet().stream().filter(rig::ready).count() >= count) return;
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + count + " nodes ready within " + timeout);
    }

    private static boolean settled(ClusterRig rig, int sms, int mails, int letters, int telegrams) throws Exception {
        return rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'SMS' AND status = 'FORWARDED'") >= sms
                && rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'EMAIL' AND status = 'FORWARDED'") >= mails
                && rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'LETTER' AND status = 'FORWARDED'") >= letters
                && rig.count("SELECT COUNT(*) FROM complaint WHERE channel = 'TELEGRAM' AND status = 'FORWARDED'") >= telegrams
                && rig.count("SELECT COUNT(*) FROM complaint WHERE status <> 'FORWARDED'") == 0
                && rig.telegram.unconfirmed() == 0;
    }
}

package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMS channel over real SMPP: the gateway binds to the jSMPP SMSC simulator, complaints go to the
 * ledger and on to the LAPOR! simulator, and the citizen's acknowledgement comes back as submit_sm.
 */
@CamelSpringBootTest
// its simulators stop after the class: close the context too, or it polls them for the rest of the suite
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
class SmsEndToEndTest {

    static final SmscSimulator SMSC = start();

    static SmscSimulator start() {
        try {
            return new SmscSimulator(0, "lapor-gw", "sms-pw1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void sms(DynamicPropertyRegistry r) {
        r.add("channels.sms.enabled", () -> "true");
        r.add("channels.sms.port", SMSC::port);
        r.add("channels.sms.password", () -> "sms-pw1");
        r.add("channels.sms.reconnect-initial-delay", () -> "100ms");
        r.add("channels.sms.reconnect-max-delay", () -> "500ms");
        r.add("channels.sms.replies.poll-interval", () -> "200");
        r.add("channels.sms.replies.rate-per-second", () -> "200");
        r.add("channels.sms.multipart.timeout", () -> "3s");
        r.add("channels.sms.multipart.sweep-interval", () -> "500");
        r.add("channels.sms.replies.receipt-grace", () -> "2s");
        r.add("channels.sms.max-attempts", () -> "3");
    }

    @AfterAll
    static void stop() {
        SMSC.close();
    }

    @Autowired Ledger ledger;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired io.micrometer.core.instrument.MeterRegistry meters;

    private void bound() throws InterruptedException {
        assertThat(SMSC.awaitBound(Duration.ofSeconds(20))).as("gateway bound to the SMSC").isTrue();
    }

    private List<Map<String, Object>> complaintsFrom(String e164) {
        return jdbc.queryForList("SELECT ticket, canonical_json, status, duplicate_of FROM complaint WHERE sender_key = :s ORDER BY received_at",
                new MapSqlParameterSource("s", "tel:" + e164));
    }

    private List<SmscSimulator.Submitted> repliesTo(String msisdnWithoutPlus) {
        return SMSC.submitted().stream().filter(s -> s.destination().equals(msisdnWithoutPlus)).toList();
    }

    @Test
    void complaintIsStoredForwardedAndAcknowledgedWithItsTicket() throws Exception {
        bound();
        int status = SMSC.sendText("081211110001", "1708", "LAPOR#Budi#Jl. Merdeka 5#Lampu jalan mati sejak seminggu, gelap dan rawan");
        assertThat(status).isZero();
        // acked only after commit: the complaint is in the ledger the moment deliver_sm_resp arrived
        List<Map<String, Object>> rows = complaintsFrom("+6281211110001");
        assertThat(rows).hasSize(1);
        String ticket = (String) rows.get(0).get("ticket");
        Complaint c = ledger.find(ticket).orElseThrow();
        assertThat(c.content()).isEqualTo("Lampu jalan mati sejak seminggu, gelap dan rawan");
        assertThat(c.reporter().name()).isEqualTo("Budi");
        assertThat(c.reporter().phone()).isEqualTo("+6281211110001");
        assertThat(c.reporter().channelUserId()).isEqualTo("tel:+6281211110001");
        assertThat(c.location().text()).isEqualTo("Jl. Merdeka 5");
        assertThat(c.flags()).contains("SMS_SENDER_RAW:081211110001");
        assertThat(c.source().externalId()).startsWith("sms:");

        await().atMost(Duration.ofSeconds(15)).until(() -> !repliesTo("6281211110001").isEmpty());
        SmscSimulator.Submitted ack = repliesTo("6281211110001").get(0);
        assertThat(ack.source()).isEqualTo("1708");
        assertThat(ack.text()).contains(ticket).contains("CEK " + ticket);
        assertThat(Gsm7.septets(ack.text())).isBetween(1, 160);
        assertThat(ack.dataCoding()).isZero();
        // the simulator's delivery receipt marks the reply delivered
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                "SELECT state FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'", new MapSqlParameterSource("t", ticket), String.class)));
        assertThat(meters.get("gateway.sms.bound").gauge().value()).isEqualTo(1.0);
        // and LAPOR! gets it
        await().atMost(Duration.ofSeconds(15)).until(() -> TestSimulator.get().reportsFor(ticket) == 1);
    }

    @Test
    void redeliveredMessageIsOneComplaintAndAFloodGetsOneAcknowledgement() throws Exception {
        bound();
        String text = "Sampah menumpuk di pasar induk sudah tiga hari";
        for (int i = 0; i < 3; i++) assertThat(SMSC.sendText("+6281211110002", "1708", text)).isZero();
        for (int i = 0; i < 5; i++) assertThat(SMSC.sendText("+6281211110002", "1708", "Aduan lain nomor " + i + " tentang jalan")).isZero();
        assertThat(complaintsFrom("+6281211110002")).hasSize(6);
        Thread.sleep(1500);
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110002").size() == 1);
        Thread.sleep(1000);
        assertThat(repliesTo("6281211110002")).hasSize(1);
        Integer suppressed = jdbc.queryForObject("SELECT COUNT(*) FROM citizen_reply WHERE recipient = 'tel:+6281211110002' AND state = 'SUPPRESSED'",
                new MapSqlParameterSource(), Integer.class);
        assertThat(suppressed).isEqualTo(5);
    }

    @Test
    void aRepeatedCekIsAnsweredOnceWithinTheCommandWindowAndAnotherTicketStillGetsItsAnswer() throws Exception {
        bound();
        assertThat(SMSC.sendText("+6281211110003", "1708", "Lampu jalan mati di gang mawar sejak minggu lalu")).isZero();
        String ticket = (String) complaintsFrom("+6281211110003").get(0).get("ticket");
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110003").size() == 1); // the acknowledgement
        // the answer names the status: let the forwarder move it first, or the CEKs before and after the move
        // are two different texts and both go out (the race this test once lost on PostgreSQL)
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        for (int i = 0; i < 3; i++) assertThat(SMSC.sendText("+6281211110003", "1708", "CEK " + ticket)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110003").size() == 2);
        // a different answer (a mistyped ticket) is not the same text: it goes out
        String mistyped = ticket.substring(0, 8) + (ticket.charAt(8) == '0' ? '1' : '0');
        assertThat(SMSC.sendText("+6281211110003", "1708", "CEK " + mistyped)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110003").size() == 3);
        Thread.sleep(1500);
        List<SmscSimulator.Submitted> replies = repliesTo("6281211110003");
        assertThat(replies).hasSize(3);
        assertThat(replies.get(1).text()).startsWith("LAPOR! Tiket " + ticket + ":");
        assertThat(replies.get(2).text()).contains("tidak dikenal");
        Integer suppressed = jdbc.queryForObject("""
                SELECT COUNT(*) FROM citizen_reply WHERE recipient = 'tel:+6281211110003' AND kind = 'STATUS' AND state = 'SUPPRESSED'""",
                new MapSqlParameterSource(), Integer.class);
        assertThat(suppressed).isEqualTo(2);
    }

    @Test
    void multipartOutOfOrderInEveryFormIsOneComplaint() throws Exception {
        bound();
        String text = "Jembatan desa Sukamaju retak parah setelah banjir kemarin sore. Warga takut lewat, anak sekolah harus memutar lima kilometer. Mohon segera diperbaiki sebelum ada korban.";
        String[] senders = {"081211110010", "081211110011", "081211110012"};
        SmscSimulator.Concat[] forms = SmscSimulator.Concat.values();
        for (int i = 0; i < forms.length; i++) {
            List<Integer> statuses = SMSC.sendMultipart(senders[i], "1708", text, forms[i], 60, new int[] {3, 1, 2, 1});
            assertThat(statuses).containsOnly(0);
            List<Map<String, Object>> rows = complaintsFrom("+62" + senders[i].substring(1));
            assertThat(rows).as(forms[i].name()).hasSize(1);
            Complaint c = ledger.find((String) rows.get(0).get("ticket")).orElseThrow();
            assertThat(c.content()).as(forms[i].name()).isEqualTo(text);
            assertThat(c.flags()).noneMatch(f -> f.startsWith("SMS_INCOMPLETE"));
        }
        // parts are settled once their message committed; the late duplicate of part 1 did not start a new message
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sms_part WHERE sender IN (:s) AND settled_at IS NULL",
                new MapSqlParameterSource("s", List.of(senders)), Integer.class)).isZero();
    }

    @Test
    void missingPartTimesOutIntoAnIncompleteComplaintListingIt() throws Exception {
        bound();
        String text = "Air PDAM tidak mengalir ke perumahan Griya Asri selama empat hari berturut-turut, warga membeli air galon.";
        assertThat(SMSC.sendMultipart("081211110020", "1708", text, SmscSimulator.Concat.UDH8, 40, new int[] {1, 3})).containsOnly(0);
        assertThat(complaintsFrom("+6281211110020")).isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(() -> complaintsFrom("+6281211110020").size() == 1);
        Complaint c = ledger.find((String) complaintsFrom("+6281211110020").get(0).get("ticket")).orElseThrow();
        assertThat(c.flags()).contains("SMS_INCOMPLETE", "SMS_MISSING_PARTS:2");
        assertThat(c.content()).startsWith(text.substring(0, 40).strip()).contains("(…)").endsWith(text.substring(80).strip());
    }

    @Test
    void statusQueryAnswersWithoutCreatingAComplaint() throws Exception {
        bound();
        assertThat(SMSC.sendText("081211110030", "1708", "Got pothole near SDN 3, please fix")).isZero();
        String ticket = (String) complaintsFrom("+6281211110030").get(0).get("ticket");
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110030").size() == 1);
        assertThat(SMSC.sendText("081211110030", "1708", "cek " + ticket.toLowerCase())).isZero();
        char wrong = ticket.charAt(8) == '0' ? '1' : '0';
        String typo = ticket.substring(0, 8) + wrong;
        assertThat(SMSC.sendText("081211110030", "1708", "STATUS " + typo)).isZero();
        assertThat(SMSC.sendText("081211110030", "1708", "info")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110030").size() == 4);
        List<String> texts = repliesTo("6281211110030").stream().map(SmscSimulator.Submitted::text).toList();
        assertThat(texts.get(1)).contains(ticket);
        assertThat(texts).anySatisfy(t -> assertThat(t).contains(typo).contains("tidak dikenal"));
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("LAPOR#NAMA#LOKASI#ISI"));
        assertThat(complaintsFrom("+6281211110030")).hasSize(1);
        // asking the same again and again gets no more answers
        for (int i = 0; i < 5; i++) assertThat(SMSC.sendText("081211110030", "1708", "INFO")).isZero();
        Thread.sleep(1500);
        assertThat(repliesTo("6281211110030")).hasSize(4);
        assertThat(Ticket.parse(typo)).isInstanceOf(Ticket.Parsed.Mistyped.class);
    }

    @Test
    void aReceiptForAnUnknownMessageIdGetsATemporaryErrorDuringItsGraceThenIsAcknowledgedAndCountedAsIgnored() throws Exception {
        bound();
        SMSC.sendReceipts(false); // no receipt of another test's reply is counted meanwhile
        try {
            Thread.sleep(500);
            String id = "FF" + Long.toHexString(System.nanoTime()).toUpperCase(); // the simulator's ids are small counters
            double ignoredBefore = ignoredSms();
            long firstSent = System.nanoTime();
            assertThat(receiptFor(id)).as("within the grace it may be racing its submit_sm_resp: ESME_RX_T_APPN").isEqualTo(0x64);
            assertThat(receiptFor(id)).isEqualTo(0x64);
            assertThat(ignoredSms()).isEqualTo(ignoredBefore);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> receiptFor(id) == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - firstSent)).as("refused for the whole grace period").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(ignoredSms()).as("counted once, as ignored").isEqualTo(ignoredBefore + 1);
            assertThat(count("SELECT COUNT(*) FROM citizen_reply WHERE provider_message_id = '" + id + "'")).isZero();
            assertThat(receiptFor(id)).as("and again at once if the SMSC delivers it once more").isZero();
            assertThat(ignoredSms()).isEqualTo(ignoredBefore + 2);
        } finally {
            SMSC.sendReceipts(true);
        }
    }

    @Test
    void aReceiptWithEsmClassZeroMarksItsReplyAndIsNeitherAComplaintNorAcknowledgedBack() throws Exception {
        bound();
        SMSC.sendReceipts(false); // the receipt of this test's acknowledgement is the one sent below
        try {
            assertThat(SMSC.sendText("081211110070", "1708", "Parit di depan SDN 5 Dasan Agung dangkal, air menggenang tiap hujan")).isZero();
            String ticket = (String) complaintsFrom("+6281211110070").get(0).get("ticket");
            await().atMost(Duration.ofSeconds(10)).until(() -> repliesTo("6281211110070").size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT provider_message_id FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'",
                    new MapSqlParameterSource("t", ticket), String.class) != null);
            String id = jdbc.queryForObject("SELECT provider_message_id FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'",
                    new MapSqlParameterSource("t", ticket), String.class);
            double ignoredBefore = ignoredSms();
            long quarantinedBefore = count("SELECT COUNT(*) FROM quarantine WHERE channel = 'SMS'");
            // as some SMSCs send it (jookies/jasmin#1050): esm_class 0, no TLVs, only the appendix-B text
            String text = "id:" + id + " sub:001 dlvrd:000 submit date:2611301000 done date:2611301005 stat:UNDELIV err:001 text:LAPOR! Aduan Anda";
            assertThat(SMSC.deliver("6281211110070", "1708", 0x00, 0x00, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isZero();

            Map<String, Object> ack = jdbc.queryForMap("SELECT state, delivery_state FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'",
                    new MapSqlParameterSource("t", ticket));
            assertThat(ack).containsEntry("state", "UNDELIVERED").containsEntry("delivery_state", "UNDELIVERABLE");
            assertThat(ignoredSms()).as("counted as ignored (delivery receipt)").isEqualTo(ignoredBefore + 1);
            assertThat(complaintsFrom("+6281211110070")).as("no complaint from the receipt").hasSize(1);
            assertThat(count("SELECT COUNT(*) FROM quarantine WHERE channel = 'SMS'")).as("nor a quarantined input").isEqualTo(quarantinedBefore);
            assertThat(count("SELECT COUNT(*) FROM citizen_reply WHERE recipient = 'tel:+6281211110070'")).as("no reply row for it").isEqualTo(1);
            Thread.sleep(1500); // a few reply-loop polls
            assertThat(repliesTo("6281211110070")).as("no submit_sm answers the receipt").hasSize(1);
        } finally {
            SMSC.sendReceipts(true);
        }
    }

    /** A delivery receipt as an SMSC sends it (esm_class 0x04, receipted_message_id and message_state TLVs); its deliver_sm_resp status. */
    private int receiptFor(String messageId) throws IOException {
        String text = "id:" + messageId + " sub:001 dlvrd:001 submit date:2611300800 done date:2611300801 stat:DELIVRD err:000 text:";
        return SMSC.deliver("6281211110060", "1708", 0x04, 0x00, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                new org.jsmpp.bean.OptionalParameter.COctetString((short) 0x001E, messageId),
                new org.jsmpp.bean.OptionalParameter.Byte((short) 0x0427, (byte) 2));
    }

    private double ignoredSms() {
        return meters.get("gateway.complaints").tag("channel", "sms").tag("event", "ignored").counter().count();
    }

    @Test
    void badInputIsQuarantinedOrIgnoredAndTheBindStaysUp() throws Exception {
        bound();
        long quarantinedBefore = count("SELECT COUNT(*) FROM quarantine WHERE channel = 'SMS'");
        // 8-bit binary, UDH claiming 0 parts, part 4 of 3, 200 parts, whitespace only, unknown data_coding
        assertThat(SMSC.deliver("081211110040", "1708", 0x00, 0x04, new byte[] {1, 2, 3})).isZero();
        assertThat(SMSC.deliver("081211110040", "1708", 0x40, 0x00, new byte[] {5, 0, 3, 7, 0, 1, 0x41})).isZero();
        assertThat(SMSC.deliver("081211110040", "1708", 0x40, 0x00, new byte[] {5, 0, 3, 7, 3, 4, 0x41})).isZero();
        assertThat(SMSC.deliver("081211110040", "1708", 0x40, 0x00, new byte[] {5, 0, 3, 7, (byte) 200, 1, 0x41})).isZero();
        assertThat(SMSC.sendText("081211110040", "1708", "   \n  ")).isZero();
        assertThat(SMSC.deliver("081211110040", "1708", 0x00, 0x0B, new byte[] {0x41})).isZero();
        // a PDU whose sm_length runs past its end
        byte[] pdu = SmscSimulator.deliverSmPdu(77, 1, "081211110040", "1708", 0, 0, "truncated".getBytes());
        pdu[pdu.length - 10] = (byte) 0x7F;
        SMSC.sendRaw(pdu);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM quarantine WHERE channel = 'SMS'") >= quarantinedBefore + 7);
        List<String> reasons = jdbc.queryForList("SELECT reason FROM quarantine WHERE channel = 'SMS' ORDER BY id", new MapSqlParameterSource(), String.class);
        assertThat(reasons).anyMatch(r -> r.contains("8-bit binary"))
                .anyMatch(r -> r.contains("claims 0 parts"))
                .anyMatch(r -> r.contains("part number 4 outside 1..3"))
                .anyMatch(r -> r.contains("claims 200 parts"))
                .anyMatch(r -> r.contains("empty message"))
                .anyMatch(r -> r.contains("data_coding 0x0B"))
                .anyMatch(r -> r.startsWith("malformed PDU"));
        // an operator promotion is ignored, not a complaint
        assertThat(SMSC.deliverFromAlphanumeric("TSEL-PROMO", "1708", "Paket data murah!")).isZero();
        assertThat(complaintsFrom("+6281211110040")).isEmpty();
        assertThat(SMSC.sendText("081211110040", "1708", "Setelah semua itu, aduan yang benar tentang banjir")).isZero();
        assertThat(complaintsFrom("+6281211110040")).hasSize(1);
    }

    @Test
    void storeFailureAnswersAnErrorSoTheSmscRedelivers() throws Exception {
        bound();
        AdviceWith.adviceWith(camel, "normalise", a -> a.weaveByToUri("direct:complaint-intake").replace()
                .throwException(new org.springframework.transaction.CannotCreateTransactionException("store down")));
        try {
            int status = SMSC.sendText("081211110050", "1708", "Aduan saat basis data mati");
            assertThat(status).isEqualTo(0x64);
            assertThat(complaintsFrom("+6281211110050")).isEmpty();
        } finally {
            AdviceWith.adviceWith(camel, "normalise", a -> a.weaveByType(org.apache.camel.model.ThrowExceptionDefinition.class)
                    .replace().to("direct:complaint-intake"));
        }
        assertThat(SMSC.sendText("081211110050", "1708", "Aduan saat basis data mati")).isZero();
        assertThat(complaintsFrom("+6281211110050")).hasSize(1);
    }

    @Test
    void linkDroppedMidBurstLosesNothing() throws Exception {
        bound();
        int n = 60;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            sent.add(pool.submit(() -> {
                // what a real SMSC does: a message not acknowledged is delivered again after re-bind
                while (true) {
                    try {
                        if (SMSC.sendText("0812111200" + String.format("%02d", k), "1708", "Aduan beruntun nomor " + k + " soal parkir liar") == 0) return null;
                    } catch (IOException notBound) {
                        Thread.sleep(50);
                    }
                }
            }));
            if (i == n / 3) SMSC.dropAll();
        }
        for (Future<?> f : sent) f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        pool.shutdown();
        for (int i = 0; i < n; i++) {
            assertThat(complaintsFrom("+62812111200" + String.format("%02d", i))).as("message %d", i).hasSize(1);
        }
    }

    /**
     * Issue #15 kind 10, for SMS: no single deliver_sm holds the bind. One whose intake hangs does not
     * delay the next one on the same bind (jSMPP's PDU processors work side by side); one whose intake
     * fails every time for a reason of its own gets a transient error (the SMSC redelivers), and at the
     * third attempt is quarantined with its raw PDU and answered ESME_ROK, so it is not redelivered for ever.
     */
    @Test
    void aDeliverSmThatHangsOrFailsEveryTimeNeverHoldsTheBind() throws Exception {
        bound();
        java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
        AdviceWith.adviceWith(camel, "sms-message", a -> a.weaveByToUri("direct:normalise").before().process(e -> {
            String sender = e.getMessage().getBody(SmsMessage.class).sender();
            if (sender.endsWith("1211110060")) hang.await(20, java.util.concurrent.TimeUnit.SECONDS);
            if (sender.endsWith("1211110062")) throw new IllegalStateException("a bug this message trips");
        }));
        ExecutorService slow = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> hanging = slow.submit(() -> SMSC.sendText("081211110060", "1708", "Aduan yang macet di intake, jalan rusak"));
            Thread.sleep(300);
            long t0 = System.nanoTime();
            assertThat(SMSC.sendText("081211110061", "1708", "Aduan berikutnya di bind yang sama: lampu jalan mati")).isZero();
            System.out.printf("kind 10: a deliver_sm answered ROK in %d ms while the one before it hung in intake%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(complaintsFrom("+6281211110061")).as("stored while the one before it still hangs").hasSize(1);
            assertThat(hanging.isDone()).isFalse();
            hang.countDown();
            assertThat(hanging.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(complaintsFrom("+6281211110060")).hasSize(1);

            double givenUp = meters.counter("gateway.inputs.given.up", "channel", "sms", "why", "failed-attempts").count();
            assertThat(SMSC.sendText("081211110062", "1708", "Aduan yang selalu gagal")).as("1st: transient error").isEqualTo(0x64);
            assertThat(SMSC.sendText("081211110062", "1708", "Aduan yang selalu gagal")).as("2nd: transient error").isEqualTo(0x64);
            assertThat(SMSC.sendText("081211110062", "1708", "Aduan yang selalu gagal")).as("3rd: quarantined, acknowledged").isZero();
            List<Map<String, Object>> q = jdbc.queryForList("SELECT reason_class, reason, raw_size FROM quarantine WHERE channel = 'SMS' "
                    + "AND reason LIKE 'intake failed on this input at 3 attempts%'", new MapSqlParameterSource());
            assertThat(q).singleElement().satisfies(row -> {
                assertThat(row.get("reason_class")).isEqualTo("INTERNAL");
                assertThat((String) row.get("reason")).contains("IllegalStateException").contains("kept for replay");
                assertThat(((Number) row.get("raw_size")).longValue()).as("the deliver_sm kept").isPositive();
            });
            assertThat(complaintsFrom("+6281211110062")).isEmpty();
            assertThat(meters.counter("gateway.inputs.given.up", "channel", "sms", "why", "failed-attempts").count()).isEqualTo(givenUp + 1);
            assertThat(SMSC.sendText("081211110063", "1708", "Setelah itu aduan lain tetap diterima: got mampet")).isZero();
            assertThat(complaintsFrom("+6281211110063")).hasSize(1);
        } finally {
            hang.countDown();
            slow.shutdownNow();
            AdviceWith.adviceWith(camel, "sms-message", a -> a.weaveByType(org.apache.camel.model.ProcessDefinition.class).remove());
        }
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }
}

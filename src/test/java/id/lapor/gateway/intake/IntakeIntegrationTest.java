package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.ops.GatewayMetrics;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@GatewayIntegrationTest
class IntakeIntegrationTest {

    static final byte[] PNG = id.lapor.gateway.support.Samples.PNG;

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired OutboxRepository outbox;
    @Autowired AttachmentStore blobs;
    @Autowired QuarantineStore quarantine;
    @Autowired GatewayMetrics metrics;
    @Autowired ProducerTemplate camel;
    @Autowired CamelContext context;
    @Autowired NamedParameterJdbcTemplate jdbc;

    @Test
    void storesComplaintWithEnrichmentAttachmentsHistoryAndOutboxRowThroughTheRoute() {
        String phone = Drafts.uniquePhone();
        ComplaintDraft draft = Drafts.sms(phone, "smsc-msg-1-" + phone, "Jalan berlubang di depan pasar Ampenan, aspal rusak parah",
                List.of(new ComplaintDraft.AttachmentContent("foto.pdf", PNG)));
        double storedBefore = metrics.value(Channel.SMS, GatewayMetrics.Event.STORED);
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("complaint-intake").whenCompleted(1).create();

        IntakeReceipt r = camel.requestBody("direct:complaint-intake", new IntakeRequest(draft, "raw-pdu".getBytes(), "application/octet-stream"),
                IntakeReceipt.class);

        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(r.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        Complaint c = ledger.find(r.ticket()).orElseThrow();
        assertThat(c.ticket()).isEqualTo(r.ticket()).matches("[0-9A-HJKMNP-TV-Z]{9}");
        assertThat(c.channel()).isEqualTo(Channel.SMS);
        assertThat(c.reporter().phone()).isEqualTo(phone);
        assertThat(c.reporter().channelUserId()).isEqualTo("tel:" + phone);
        assertThat(c.title()).isEqualTo("Jalan berlubang di depan pasar Ampenan, aspal rusak parah");
        assertThat(c.category().code()).isEqualTo("JALAN_BERLUBANG");
        assertThat(c.disposition().institutionId()).isEqualTo("1002");
        assertThat(c.status()).isEqualTo(ComplaintStatus.RECEIVED);
        assertThat(Duration.between(c.receivedAt(), c.slaDueAt())).isEqualTo(Duration.ofDays(30));
        assertThat(c.source().rawRef()).startsWith("sha256:");
        assertThat(c.source().rawRef()).isEqualTo("sha256:" + TextFingerprint.sha256Hex("raw-pdu"));
        // a small raw input is kept in the complaint's row, committed with it, not as a file of its own
        assertThat(intake.raw(c)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("raw-pdu"));
        assertThat(blobs.get(c.source().rawRef().substring(7))).isEmpty();
        // media type from the bytes, not from the .pdf name
        assertThat(c.attachments()).singleElement().satisfies(a -> {
            assertThat(a.mediaType()).isEqualTo("image/png");
            assertThat(a.filename()).isEqualTo("foto.pdf");
            assertThat(a.sizeBytes()).isEqualTo(PNG.length);
            assertThat(blobs.get(a.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(PNG));
        });
        assertThat(ledger.history(r.ticket())).extracting(Ledger.StatusChange::status).containsExactly(ComplaintStatus.RECEIVED);
        assertThat(outbox.find(r.ticket())).isPresent();
        assertThat(metrics.value(Channel.SMS, GatewayMetrics.Event.STORED)).isEqualTo(storedBefore + 1);
    }

    @Test
    void aRawInputOver4KbIsAFileInTheBlobStoreAndReadBackFromThere() {
        byte[] raw = "x".repeat(ComplaintIntake.RAW_INLINE_MAX + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        IntakeReceipt r = intake.accept(Drafts.sms(Drafts.uniquePhone(), "big-raw", "Saluran air tersumbat di gang melati"), raw, null);
        Complaint c = ledger.find(r.ticket()).orElseThrow();
        assertThat(blobs.get(c.source().rawRef().substring(7))).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(ledger.rawInline(r.ticket())).isEmpty();
        assertThat(intake.raw(c)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
    }

    @Test
    void sameProviderMessageTwiceIsOneComplaint() {
        String phone = Drafts.uniquePhone();
        ComplaintDraft d = Drafts.sms(phone, "msg-42", "Lampu jalan mati di Jl. Udayana");
        IntakeReceipt first = intake.accept(d, null, null);
        IntakeReceipt again = intake.accept(d, null, null);
        assertThat(again.outcome()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
        assertThat(again.ticket()).isEqualTo(first.ticket());
        assertThat(countFrom("tel:" + phone)).isEqualTo(1);
    }

    /** Issue #15, kind 11: content dedup holds within one sender only; the same text from another is flagged, not dropped. */
    @Test
    void theSameTextFromAnotherSenderIsItsOwnComplaintFlaggedWithTheEarlierTicket() {
        String text = "Pungutan liar di jembatan timbang Kediri " + Drafts.uniquePhone();
        IntakeReceipt first = intake.accept(Drafts.sms(Drafts.uniquePhone(), "same-text-1", text), null, null);
        IntakeReceipt other = intake.accept(Drafts.sms(Drafts.uniquePhone(), "same-text-2", text), null, null);
        assertThat(other.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        assertThat(other.ticket()).isNotEqualTo(first.ticket());
        assertThat(other.complaint().flags()).contains("SAME_TEXT_AS:" + first.ticket());
        assertThat(first.complaint().flags()).noneMatch(f -> f.startsWith("SAME_TEXT_AS:"));
    }

    @Test
    void concurrentRedeliveriesOfOneMessageStoreOneComplaint() throws Exception {
        String phone = Drafts.uniquePhone();
        ComplaintDraft d = Drafts.sms(phone, "burst-1", "Air PDAM mati tiga hari di Kelurahan Pagutan");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<IntakeReceipt>> jobs = new ArrayList<>();
        for (int i = 0; i < 16; i++) jobs.add(() -> intake.accept(d, null, null));
        Set<String> tickets = new java.util.HashSet<>();
        for (Future<IntakeReceipt> f : pool.invokeAll(jobs)) tickets.add(f.get().ticket());
        pool.shutdown();
        assertThat(tickets).hasSize(1);
        assertThat(countFrom("tel:" + phone)).isEqualTo(1);
    }

    @Test
    void sameTextFromSameSenderIsStoredAsDuplicateAndNotForwarded() {
        String phone = Drafts.uniquePhone();
        IntakeReceipt first = intake.accept(Drafts.sms(phone, "a-1", "Sampah menumpuk di TPS Pagesangan!"), null, null);
        IntakeReceipt second = intake.accept(Drafts.sms(phone, "a-2", "sampah MENUMPUK di tps pagesangan"), null, null);
        assertThat(second.outcome()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_CONTENT);
        assertThat(second.ticket()).isEqualTo(first.ticket());
        Complaint dup = second.complaint();
        assertThat(dup.ticket()).isNotEqualTo(first.ticket());
        assertThat(dup.duplicateOf()).isEqualTo(first.ticket());
        assertThat(ledger.find(dup.ticket()).orElseThrow().status()).isEqualTo(ComplaintStatus.DUPLICATE);
        assertThat(outbox.find(dup.ticket())).isEmpty();
        // the duplicate's own redelivery is answered with the original ticket too
        IntakeReceipt redelivered = intake.accept(Drafts.sms(phone, "a-2", "sampah MENUMPUK di tps pagesangan"), null, null);
        assertThat(redelivered.outcome()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
        assertThat(redelivered.ticket()).isEqualTo(first.ticket());
        // another sender with the same words is a complaint of its own
        IntakeReceipt other = intake.accept(Drafts.sms(Drafts.uniquePhone(), "b-1", "Sampah menumpuk di TPS Pagesangan!"), null, null);
        assertThat(other.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
    }

    @Test
    void oneGroupCommitFindsDuplicatesAmongItsOwnItemsAndInTheLedger() {
        String early = Drafts.uniquePhone();
        String other = Drafts.uniquePhone();
        IntakeReceipt before = intake.accept(Drafts.sms(early, "g-0", "Drainase tersumbat di Jl. Pejanggik"), null, null);
        List<IntakeReceipt> r = intake.storeBatch(List.of(
                intake.prepare(Drafts.sms(other, "g-1", "Jalan berlubang di depan SDN 2 Cakranegara"), null),
                intake.prepare(Drafts.sms(other, "g-1", "Jalan berlubang di depan SDN 2 Cakranegara"), null), // redelivery
                intake.prepare(Drafts.sms(other, "g-2", "JALAN berlubang di depan sdn 2 cakranegara!"), null), // same text
                intake.prepare(Drafts.sms(early, "g-3", "Drainase tersumbat di Jl. Pejanggik"), null),         // text on record
                intake.prepare(Drafts.sms(early, "g-0", "Drainase tersumbat di Jl. Pejanggik"), null),         // message on record
                intake.prepare(Drafts.sms(other, "g-4", "Foto tumpukan sampah di pasar",
                        List.of(new ComplaintDraft.AttachmentContent("pasar.png", PNG))), null)));
        assertThat(r).extracting(IntakeReceipt::outcome).containsExactly(
                IntakeReceipt.Outcome.STORED, IntakeReceipt.Outcome.DUPLICATE_TRANSPORT, IntakeReceipt.Outcome.DUPLICATE_CONTENT,
                IntakeReceipt.Outcome.DUPLICATE_CONTENT, IntakeReceipt.Outcome.DUPLICATE_TRANSPORT, IntakeReceipt.Outcome.STORED);
        String pothole = r.get(0).ticket();
        assertThat(r.get(1).ticket()).isEqualTo(pothole);
        assertThat(r.get(2).ticket()).isEqualTo(pothole);
        assertThat(r.get(2).complaint().duplicateOf()).isEqualTo(pothole);
        assertThat(r.get(3).ticket()).isEqualTo(before.ticket());
        assertThat(r.get(4).ticket()).isEqualTo(before.ticket());
        // what was committed: 3 rows from "other" (one a duplicate), 2 from "early" (one a duplicate)
        assertThat(countFrom("tel:" + other)).isEqualTo(3);
        assertThat(countFrom("tel:" + early)).isEqualTo(2);
        assertThat(outbox.find(pothole)).isPresent();
        assertThat(outbox.find(r.get(5).ticket())).isPresent();
        assertThat(outbox.find(r.get(2).complaint().ticket())).isEmpty();
        assertThat(outbox.find(r.get(3).complaint().ticket())).isEmpty();
        Complaint withPhoto = ledger.find(r.get(5).ticket()).orElseThrow();
        assertThat(withPhoto.attachments()).singleElement().satisfies(a -> {
            assertThat(a.mediaType()).isEqualTo("image/png");
            assertThat(blobs.get(a.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(PNG));
        });
        assertThat(ledger.history(r.get(2).complaint().ticket())).singleElement()
                .satisfies(h -> assertThat(h.note()).isEqualTo("duplicate of " + pothole));
        // a later redelivery of the in-batch duplicate is answered with the original ticket
        assertThat(intake.accept(Drafts.sms(other, "g-2", "JALAN berlubang di depan sdn 2 cakranegara!"), null, null).ticket())
                .isEqualTo(pothole);
    }

    @Test
    void aCollidingTicketFailsTheWholeBatchAndStoringEachAloneSavesBoth() {
        String phone = Drafts.uniquePhone();
        ComplaintIntake.Pending a = intake.prepare(Drafts.sms(phone, "c-1", "Pohon tumbang menutup jalan"), null);
        ComplaintIntake.Pending b = intake.prepare(Drafts.sms(phone, "c-2", "Lampu lalu lintas mati"), null);
        Complaint bc = b.complaint();
        ComplaintIntake.Pending collides = new ComplaintIntake.Pending(bc.toBuilder().ticket(a.complaint().ticket())
                .duplicateOf(null).overdue(false).build(), b.senderKey(), b.transportKey(), b.contentHash(), null);
        assertThatThrownBy(() -> intake.storeBatch(List.of(a, collides)))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThat(countFrom("tel:" + phone)).isZero(); // the batch is one transaction: nothing of it committed
        // what GroupCommit then does: each alone; the second draws a new ticket
        IntakeReceipt ra = intake.storeOne(a);
        IntakeReceipt rb = intake.storeOne(collides);
        assertThat(ra.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        assertThat(rb.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        assertThat(rb.ticket()).isNotEqualTo(ra.ticket());
        assertThat(ledger.find(rb.ticket()).orElseThrow().title()).isEqualTo("Lampu lalu lintas mati");
        assertThat(countFrom("tel:" + phone)).isEqualTo(2);
    }

    @Test
    void outsideTheWindowTheSameTextIsANewComplaint() {
        try (ComplaintIntake noWindow = new ComplaintIntake(ledger, quarantine, blobs,
                OperatorFiles.categories(Path.of("channel-config")), OperatorFiles.dispositions(Path.of("channel-config")),
                new CanonicalJson(), transactionTemplate(), metrics, new ComplaintIntake.Policy(Duration.ZERO, Duration.ofDays(30)),
                Clock.systemUTC())) {
            String phone = Drafts.uniquePhone();
            noWindow.accept(Drafts.sms(phone, "w-1", "Jembatan Kali Ancar retak"), null, null);
            assertThat(noWindow.accept(Drafts.sms(phone, "w-2", "Jembatan Kali Ancar retak"), null, null).outcome())
                    .isEqualTo(IntakeReceipt.Outcome.STORED);
        }
    }

    @Test
    void invalidCanonicalComplaintIsQuarantinedWithRawBytesAndNothingStored() {
        String sender = "tel:+62812000" + System.nanoTime() % 100000;
        ComplaintDraft bad = ComplaintDraft.of(Channel.SMS, sender).instance("smsc-test").externalId("x-1")
                .reporter(new Complaint.Reporter(null, "0812-not-e164", null, sender, false, false)).content("Teks").language("id")
                .attachments(List.of()).flags(List.of()).build();
        IntakeReceipt r = intake.accept(bad, "raw bytes kept".getBytes(), "text/plain");
        assertThat(r.outcome()).isEqualTo(IntakeReceipt.Outcome.QUARANTINED);
        assertThat(r.reason()).contains("phone");
        QuarantineStore.Item item = quarantine.find(r.quarantineId()).orElseThrow();
        assertThat(item.reasonClass().name()).isEqualTo("VALIDATION");
        assertThat(quarantine.raw(item)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("raw bytes kept"));
        assertThat(countFrom(sender)).isZero();
        // the same bad input again: one quarantine item seen twice, not two items
        IntakeReceipt again = intake.accept(bad, "raw bytes kept".getBytes(), "text/plain");
        assertThat(again.quarantineId()).isEqualTo(r.quarantineId());
        assertThat(quarantine.find(r.quarantineId()).orElseThrow().seenCount()).isEqualTo(2);
    }

    @Test
    void emptyTextIsQuarantinedNotStored() {
        String phone = Drafts.uniquePhone();
        IntakeReceipt r = intake.accept(Drafts.sms(phone, "e-1", " \u0000\t "), "x".getBytes(), null);
        assertThat(r.outcome()).isEqualTo(IntakeReceipt.Outcome.QUARANTINED);
        assertThat(countFrom("tel:" + phone)).isZero();
    }

    @Test
    void storeDownFailsTheCallerAndAcknowledgesNothing() {
        DriverManagerDataSource dead = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "x", "");
        NamedParameterJdbcTemplate deadJdbc = new NamedParameterJdbcTemplate(dead);
        try (ComplaintIntake down = new ComplaintIntake(new Ledger(deadJdbc, new CanonicalJson()), new QuarantineStore(deadJdbc, blobs), blobs,
                OperatorFiles.categories(Path.of("channel-config")), OperatorFiles.dispositions(Path.of("channel-config")),
                new CanonicalJson(), new TransactionTemplate(new DataSourceTransactionManager(dead)), metrics,
                new ComplaintIntake.Policy(Duration.ofHours(24), Duration.ofDays(30)), Clock.systemUTC())) {
            String phone = Drafts.uniquePhone();
            assertThatThrownBy(() -> down.accept(Drafts.sms(phone, "d-1", "Teks pengaduan"), null, null))
                    .isInstanceOfAny(DataAccessException.class, org.springframework.transaction.TransactionException.class);
            assertThat(countFrom("tel:" + phone)).isZero();
        }
    }

    private TransactionTemplate transactionTemplate() {
        return new TransactionTemplate(new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource()));
    }

    private long countFrom(String senderKey) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM complaint WHERE sender_key = :s",
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("s", senderKey), Long.class);
    }
}

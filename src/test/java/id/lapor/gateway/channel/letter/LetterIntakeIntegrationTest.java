package id.lapor.gateway.channel.letter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.ScannerSimulator;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.StoreDown;
import id.lapor.gateway.support.TestSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Letters end to end in the running gateway: files dropped into the watched folder and uploads by
 * counter staff become complaints, go on to the LAPOR! simulator with the original file uploaded,
 * and a file moves out of the inbox only after intake committed.
 */
@GatewayIntegrationTest
class LetterIntakeIntegrationTest {

    @Autowired CamelContext camel;
    @Autowired TestRestTemplate http;
    @Autowired Ledger ledger;
    @Autowired QuarantineStore quarantine;
    @Autowired AuditLog audit;
    @Value("${channels.letters.inbox.dir}") Path inbox;
    final ObjectMapper json = new ObjectMapper();

    static byte[] letter(String subject, String town, ScannerSimulator.Format format) {
        String text = town + ", 5 Juni 2024\n\nKepada Yth.\nKepala Dinas Pekerjaan Umum dan Penataan Ruang\n\nPerihal: " + subject
                + "\n\nDengan hormat,\nJalan di depan rumah kami di " + town + " berlubang besar dan sudah\n"
                + "membuat dua orang jatuh dari sepeda motor. Mohon segera diperbaiki.\n\nHormat saya,\n\nBudi Santoso\nHP 0812-1111-2222\n";
        return ScannerSimulator.render(List.of(text), new ScannerSimulator.Scan(format, 300, 0, 0, 0.001, subject.hashCode()));
    }

    private String transportKey(byte[] bytes) {
        return TextFingerprint.transportKey("LETTER", "loket-surat", "letter:loket-surat", "sha256:" + TextFingerprint.sha256Hex(bytes));
    }

    /** As a scanner does: write under a temporary name, then rename into the inbox. */
    private void drop(String name, byte[] bytes) throws Exception {
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aScanDroppedInTheFolderIsForwardedToLaporWithTheOriginalAttached() throws Exception {
        byte[] scan = letter("Jalan berlubang di Gang Melati", "Ampenan", ScannerSimulator.Format.PNG);
        drop("scan-melati.png", scan);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("processed/scan-melati.png")));
        assertThat(inbox.resolve("scan-melati.png")).doesNotExist();
        String ticket = ledger.ticketByTransportKey(transportKey(scan)).orElseThrow();
        Complaint c = ledger.find(ticket).orElseThrow();
        assertThat(c.channel()).isEqualTo(Channel.LETTER);
        assertThat(c.title()).isEqualTo("Jalan berlubang di Gang Melati");
        assertThat(c.reporter().name()).isEqualTo("Budi Santoso");
        assertThat(c.reporter().channelUserId()).isEqualTo("tel:+6281211112222");
        assertThat(c.content()).contains("berlubang besar").doesNotContain("Hormat saya").doesNotContain("Kepada Yth");
        // the addressee names an institution of dispositions.yaml: it decides, not the category
        assertThat(c.disposition().institutionId()).isEqualTo("1002");
        assertThat(c.document().pages()).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo("OCR");
            assertThat(p.confidence()).isGreaterThan(0.8);
        });
        assertThat(c.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("scan-melati.png");
            assertThat(a.mediaType()).isEqualTo("image/png");
            assertThat(a.sha256()).isEqualTo(TextFingerprint.sha256Hex(scan));
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().lapor().complaintId() != null);
        long laporId = ledger.find(ticket).orElseThrow().lapor().complaintId();
        LaporSimulator.Received sent = TestSimulator.get().received().stream().filter(r -> r.id() == laporId).findFirst().orElseThrow();
        JsonNode ids = json.readTree(sent.body().path("attachments").asText());
        assertThat(ids).hasSize(1);
        LaporSimulator.Upload up = TestSimulator.get().upload(ids.get(0).asLong()).orElseThrow();
        assertThat(up.sha256()).as("LAPOR! received the original scan").isEqualTo(TextFingerprint.sha256Hex(scan));
        assertThat(up.filename()).isEqualTo("scan-melati.png");
        assertThat(sent.body().path("title").asText()).isEqualTo("Jalan berlubang di Gang Melati");
    }

    @Test
    void theSameBytesDroppedTwiceGiveOneComplaint() throws Exception {
        byte[] doc = letter("Saluran air tersumbat", "Sekarbela", ScannerSimulator.Format.DOCX);
        long before = ledger.count(Channel.LETTER, null, null);
        drop("aduan.docx", doc);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/aduan.docx")));
        drop("aduan.docx", doc);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/aduan-2.docx")));
        assertThat(ledger.count(Channel.LETTER, null, null)).isEqualTo(before + 1);
        assertThat(ledger.ticketByTransportKey(transportKey(doc))).isPresent();
    }

    @Test
    void aFileThatIsNotALetterMovesToFailedWithItsReasonAndIsQuarantinedWhole() throws Exception {
        byte[] exe = new byte[2048];
        exe[0] = 'M';
        exe[1] = 'Z';
        long before = ledger.count(Channel.LETTER, null, null);
        drop("surat-penting.pdf", exe);
        Path reason = inbox.resolve("failed/surat-penting.pdf.reason.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("failed/surat-penting.pdf")) && Files.exists(reason));
        String text = Files.readString(reason);
        assertThat(text).contains("application/x-msdownload").contains("not a letter").contains("quarantine id: ");
        long qid = Long.parseLong(text.replaceAll("(?s).*quarantine id: (\\d+).*", "$1"));
        QuarantineStore.Item item = quarantine.find(qid).orElseThrow();
        assertThat(item.channel()).isEqualTo(Channel.LETTER);
        assertThat(quarantine.raw(item)).hasValue(exe);
        assertThat(ledger.count(Channel.LETTER, null, null)).as("no half-created complaint").isEqualTo(before);
    }

    @Test
    void aFileStillBeingWrittenIsReadOnlyWhenComplete() throws Exception {
        byte[] scan = letter("Lampu jalan padam", "Cakranegara", ScannerSimulator.Format.PNG);
        Path f = inbox.resolve("slow-scanner.png");
        // a chunk every 50 ms for about 2.5 s: a gap of the settle time (500 ms) would let the half file be read, and a
        // 250 ms sleep left only 250 ms for a loaded machine to oversleep before the next chunk
        try (OutputStream out = Files.newOutputStream(f)) {
            int chunk = scan.length / 50 + 1;
            for (int off = 0; off < scan.length; off += chunk) {
                out.write(scan, off, Math.min(chunk, scan.length - off));
                out.flush();
                Thread.sleep(50);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("processed/slow-scanner.png"))
                || Files.exists(inbox.resolve("failed/slow-scanner.png")));
        assertThat(inbox.resolve("processed/slow-scanner.png")).as("read whole, not half").exists();
        assertThat(ledger.find(ledger.ticketByTransportKey(transportKey(scan)).orElseThrow()).orElseThrow().title())
                .isEqualTo("Lampu jalan padam");
    }

    /**
     * As a new user tried it (issue #15, kind 10): a zero-byte {@code kosong.pdf}, then a plain letter.
     * Camel's {@code changed} read lock waited for a first byte for ever and held the poll: the letter
     * stayed unread. Now the empty file is refused with its reason and the letter is read within seconds.
     */
    @Test
    void aZeroByteFileIsRefusedWithItsReasonAndNeverHoldsBackTheLettersAfterIt() throws Exception {
        Files.write(inbox.resolve("kosong.pdf"), new byte[0]);
        Thread.sleep(50);
        drop("surat.txt", ("Perihal: Sampah menumpuk di Pasar Kebon Roek\n\nSampah di pasar tidak diangkut sejak "
                + "seminggu dan baunya sampai ke rumah warga.\n\nHormat saya,\nSiti Aminah\n0817-5555-0101\n").getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(inbox.resolve("processed/surat.txt")));
        System.out.printf("letter after a zero-byte file read in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Path reason = inbox.resolve("failed/kosong.pdf.reason.txt");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(inbox.resolve("failed/kosong.pdf")) && Files.exists(reason));
        String text = Files.readString(reason);
        assertThat(text).contains("empty file (0 bytes)").contains("quarantine id: ");
        long qid = Long.parseLong(text.replaceAll("(?s).*quarantine id: (\\d+).*", "$1"));
        assertThat(quarantine.raw(quarantine.find(qid).orElseThrow())).hasValue(new byte[0]);
        assertThat(inbox.resolve("kosong.pdf")).doesNotExist();
    }

    /** A file that never stops changing (a copy that hangs) is skipped each poll after a bounded wait, never holding back the others. */
    @Test
    void aFileThatNeverSettlesDoesNotHoldBackTheOthers() throws Exception {
        Path growing = inbox.resolve("macet.pdf");
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(growing)) {
                while (writing.get()) {
                    out.write(new byte[64]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            Thread.sleep(300);
            byte[] doc = letter("Drainase tersumbat", "Ampenan", ScannerSimulator.Format.DOCX);
            drop("drainase.docx", doc);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("processed/drainase.docx")));
            assertThat(growing).as("still being written: left where it is").exists();
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    /**
     * Issue #15, kind 11: the same letter text signed by two citizens (a petition, a template letter) is
     * two complaints, both forwarded; the second is flagged as sharing its text with the first. The
     * same text again from the same signer is still a duplicate.
     */
    @Test
    void theSameTextFromTwoSignersIsTwoComplaintsTheSecondFlaggedAsSharingItsText() throws Exception {
        String body = "Perihal: Penolakan tambang pasir di Sungai Jangkok\n\nKami warga Dusun Lingsar menolak "
                + "penambangan pasir di sungai karena tebing sungai longsor dan sumur warga kering.\n\nHormat saya,\n";
        drop("petisi-1.txt", (body + "Lalu Wirahadi\n0818-0360-1111\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/petisi-1.txt")));
        drop("petisi-2.txt", (body + "Baiq Sumarni\n0818-0360-2222\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/petisi-2.txt")));
        drop("petisi-3.txt", ("Mataram, 20 November 2026\n\n" + body + "Lalu Wirahadi\n0818-0360-1111\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/petisi-3.txt")));

        Complaint first = byFile("petisi-1.txt");
        Complaint second = byFile("petisi-2.txt");
        assertThat(second.ticket()).isNotEqualTo(first.ticket());
        assertThat(second.status()).isNotEqualTo(ComplaintStatus.DUPLICATE);
        assertThat(second.duplicateOf()).isNull();
        assertThat(second.reporter().name()).isEqualTo("Baiq Sumarni");
        assertThat(second.flags()).contains("SAME_TEXT_AS:" + first.ticket());
        assertThat(first.flags()).noneMatch(f -> f.startsWith("SAME_TEXT_AS:"));
        await().atMost(Duration.ofSeconds(30)).alias("the second signer's complaint reaches LAPOR! too")
                .until(() -> ledger.find(second.ticket()).orElseThrow().status() == ComplaintStatus.FORWARDED);
        byte[] third = Files.readAllBytes(inbox.resolve("processed/petisi-3.txt"));
        assertThat(ledger.ticketByTransportKey(transportKey(third))).as("the same signer again is told the first ticket: a duplicate")
                .hasValue(first.ticket());
    }

    private Complaint byFile(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(inbox.resolve("processed/" + name));
        return ledger.find(ledger.ticketByTransportKey(transportKey(bytes)).orElseThrow()).orElseThrow();
    }

    @Test
    void storeDownLeavesTheFileInTheInboxUntilIntakeCommits() throws Exception {
        StoreDown.under(camel, "normalise");
        byte[] doc = letter("Pohon tumbang", "Gunungsari", ScannerSimulator.Format.TXT);
        NotifyBuilder failed = new NotifyBuilder(camel).fromRoute("letter-inbox").whenFailed(2).create();
        try {
            drop("pohon.txt", doc);
            assertThat(failed.matches(30, TimeUnit.SECONDS)).as("intake failed at two polls").isTrue();
            assertThat(inbox.resolve("pohon.txt")).as("left in the inbox to be read again").exists();
            assertThat(inbox.resolve("processed/pohon.txt")).doesNotExist();
            assertThat(inbox.resolve("failed/pohon.txt")).doesNotExist();
        } finally {
            StoreDown.restore(camel, "normalise");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/pohon.txt")));
        assertThat(ledger.ticketByTransportKey(transportKey(doc))).isPresent();
    }

    @Test
    void theFolderIsReadByTheClusterLeaderOnly() {
        // one node: it takes the file lock under gateway.cluster.dir and runs the folder consumer
        assertThat(camel.getRoute("letter-inbox").getConsumer()).isInstanceOf(org.apache.camel.component.master.MasterConsumer.class);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ((org.apache.camel.component.master.MasterConsumer) camel.getRoute("letter-inbox").getConsumer()).isMaster());
    }

    @Test
    void healthShowsTheLettersComponent() throws Exception {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("ops", "ops-test");
        JsonNode health = json.readTree(http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(h), String.class).getBody());
        JsonNode letters = health.path("components").path("letters");
        assertThat(letters.path("status").asText()).isEqualTo("UP");
        assertThat(letters.path("details").path("watching").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(h), String.class)
                .getBody()).path("components").path("letters").path("details").path("readsFolderOnThisNode").asBoolean());
        assertThat(letters.path("details").path("ocrLanguage").asText()).isEqualTo("ind+eng");
        assertThat(letters.path("details").has("failed")).isTrue();
    }

    // ---------------------------------------------------------------- POST /api/letters

    private ResponseEntity<String> upload(String user, String password, String filename, byte[] bytes, Map<String, String> fields) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        fields.forEach(form::add);
        HttpHeaders h = new HttpHeaders();
        if (user != null) h.setBasicAuth(user, password);
        h.setContentType(MediaType.MULTIPART_FORM_DATA);
        return http.exchange("/api/letters", HttpMethod.POST, new HttpEntity<>(form, h), String.class);
    }

    @Test
    void counterStaffUploadGetsTheTicketAndWhatTheyTypedWins() throws Exception {
        byte[] pdf = letter("Pasar becek dan kotor", "Praya", ScannerSimulator.Format.PDF_TEXT);
        ResponseEntity<String> r = upload("clerk", "clerk-test", "surat-pasar.pdf", pdf, Map.of(
                "reporter_name", "Budi Santoso, S.Pd.", "phone", "0877 9999 1234", "address", "Jl. Gajah Mada 3, Praya",
                "date_received", "2024-06-07", "confidential", "true"));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(r.getBody());
        String ticket = body.path("ticket").asText();
        assertThat(body.path("outcome").asText()).isEqualTo("STORED");
        assertThat(body.path("title").asText()).isEqualTo("Pasar becek dan kotor");
        assertThat(r.getHeaders().getLocation()).hasToString("/api/complaints/" + ticket);
        Complaint c = ledger.find(ticket).orElseThrow();
        assertThat(c.status()).isIn(ComplaintStatus.RECEIVED, ComplaintStatus.FORWARDED);
        assertThat(c.reporter().name()).isEqualTo("Budi Santoso, S.Pd.");
        assertThat(c.reporter().phone()).isEqualTo("+6287799991234");
        assertThat(c.reporter().confidential()).isTrue();
        assertThat(c.flags()).contains("LETTER_RECEIVED_BY:clerk", "LETTER_RECEIVED_ON:2024-06-07", "REPORTER_ADDRESS:Jl. Gajah Mada 3, Praya");
        assertThat(c.document().pages()).singleElement().satisfies(p -> assertThat(p.method()).isEqualTo("TEXT"));

        ResponseEntity<String> again = upload("admin", "admin-test", "copy.pdf", pdf, Map.of());
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(again.getBody()).path("ticket").asText()).isEqualTo(ticket);
        assertThat(json.readTree(again.getBody()).path("outcome").asText()).isEqualTo("DUPLICATE_TRANSPORT");
        // each upload audited under its user, in the console's form ("Unggahan saya" reads the name), marked as from the API
        assertThat(audit.list(null, AuditLog.Action.UPLOAD, 0, 5000).stream().filter(e -> ticket.equals(e.target())).toList())
                .extracting(AuditLog.Entry::username, AuditLog.Entry::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "letter file copy.pdf (" + pdf.length + " bytes): DUPLICATE_TRANSPORT \u2014 "
                                + json.readTree(again.getBody()).path("reason").asText() + " (API)"),
                        org.assertj.core.groups.Tuple.tuple("clerk", "letter file surat-pasar.pdf (" + pdf.length + " bytes): STORED (API)"));
    }

    @Test
    void uploadsThatCannotBeLettersAre4xxWithTheReasonAndOnlyClerksAndAdminsMayUpload() throws Exception {
        byte[] blank = ScannerSimulator.render(List.of(""), ScannerSimulator.Scan.clean(ScannerSimulator.Format.PNG));
        ResponseEntity<String> r = upload("clerk", "clerk-test", "kosong.png", blank, Map.of());
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(r.getBody());
        assertThat(problem.path("detail").asText()).isEqualTo("no text on the page: it is blank or unreadable");
        assertThat(quarantine.find(problem.path("quarantine_id").asLong())).isPresent();
        // the file is kept in quarantine, so its upload is audited there, as the console's letter page does
        assertThat(audit.list("clerk", AuditLog.Action.UPLOAD, 0, 5000).stream()
                .filter(e -> ("quarantine " + problem.path("quarantine_id").asLong()).equals(e.target())).toList())
                .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("letter file kosong.png (" + blank.length
                        + " bytes): QUARANTINED \u2014 no text on the page: it is blank or unreadable (API)"));

        byte[] text = "Lampu jalan mati di Gang Kenari sejak seminggu.".getBytes();
        assertThat(upload("clerk", "clerk-test", "a.txt", text, Map.of("phone", "bukan nomor")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(upload("clerk", "clerk-test", "tanggal-salah.txt", text, Map.of("date_received", "kemarin")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        // the console refuses a date received in the future; the API took it (LETTER_RECEIVED_ON:2999-01-01) before
        ResponseEntity<String> future = upload("clerk", "clerk-test", "tanggal-salah.txt", text, Map.of("date_received", "2999-01-01"));
        assertThat(future.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(future.getBody()).path("detail").asText()).isEqualTo("date_received cannot be in the future");
        assertThat(upload("ops", "ops-test", "a.txt", text, Map.of()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(upload(null, null, "a.txt", text, Map.of()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        // refused before intake (a bad date, a user who may not upload): nothing stored, nothing audited
        assertThat(audit.list("clerk", AuditLog.Action.UPLOAD, 0, 5000)).noneSatisfy(e -> assertThat(e.detail()).contains("tanggal-salah.txt"));
        assertThat(audit.list("ops", AuditLog.Action.UPLOAD, 0, 50)).isEmpty();
    }
}

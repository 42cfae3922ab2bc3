package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Normalisation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The email channel's decisions without Camel, a mail server or a store, on the shipped channel-config/email.yaml. */
class EmailDecisionsTest {

    static final EmailProperties PROPS = load();

    static EmailProperties load() {
        try {
            StandardEnvironment env = new StandardEnvironment();
            new YamlPropertySourceLoader().load("email", new FileSystemResource("channel-config/email.yaml"))
                    .forEach(env.getPropertySources()::addLast);
            return Binder.get(env).bind("channels.email", EmailProperties.class).get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String KNOWN = id.lapor.gateway.complaint.Ticket.generate(new java.util.Random(7));
    final EmailNormaliser normaliser = new EmailNormaliser(PROPS, t -> t.equals(KNOWN));

    static byte[] mail(String headers, String contentType, String body) {
        return ("From: Budi <budi@example.id>\r\nTo: pengaduan@diskominfo.example.go.id\r\nMessage-ID: <d@example.id>\r\n" + headers
                + "MIME-Version: 1.0\r\nContent-Type: " + contentType + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    static Normalisation.Accepted accepted(Normalisation n) {
        assertThat(n).isInstanceOf(Normalisation.Accepted.class);
        return (Normalisation.Accepted) n;
    }

    @Test
    void aTwentyFiveMegabyteAttachmentIsLeftOutAndTheComplaintKept() {
        byte[] big = new byte[25 * 1024 * 1024];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        String b64 = Base64.getMimeEncoder().encodeToString(big);
        byte[] raw = mail("Subject: Video banjir\r\n", "multipart/mixed; boundary=\"x\"",
                "--x\r\nContent-Type: text/plain\r\n\r\nVideo banjir terlampir.\r\n--x\r\nContent-Type: video/mp4; name=\"banjir.mp4\"\r\n"
                        + "Content-Disposition: attachment; filename=\"banjir.mp4\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n--x--\r\n");
        var draft = accepted(normaliser.normalise(EmailMessage.of(raw, "mailbox-1"))).draft();
        assertThat(draft.attachments()).isEmpty();
        assertThat(draft.flags()).containsExactly("ATTACHMENT_DROPPED:banjir.mp4:TOO_LARGE");
        assertThat(draft.content()).isEqualTo("Video banjir terlampir.");
    }

    @Test
    void aMegabyteOfTextIsCutToTheLimitAndFlagged() {
        String body = "Jalan rusak parah. ".repeat(55_000); // about 1 MB
        var draft = accepted(normaliser.normalise(EmailMessage.of(mail("Subject: Panjang\r\n", "text/plain; charset=utf-8", body), "m"))).draft();
        assertThat(draft.content()).hasSize(PROPS.limits().maxTextChars() + 4).endsWith("\n[…]");
        assertThat(draft.flags()).containsExactly("EMAIL_TEXT_TRUNCATED:" + body.strip().length());
    }

    @Test
    void aMessageOverTheMessageLimitIsQuarantinedWhole() {
        EmailProperties small = new EmailProperties(true, "m", PROPS.ownAddresses(), PROPS.imap(), PROPS.smtp(),
                new EmailProperties.Limits(2048, 1024, 2048, 3, 500, 10, 4096, 10), PROPS.allowedTypes(), PROPS.genericSubjects(), PROPS.replies(), PROPS.statusUpdates());
        byte[] raw = mail("Subject: x\r\n", "text/plain", "a".repeat(3000));
        var n = new EmailNormaliser(small, t -> false).normalise(EmailMessage.of(raw, "m"));
        assertThat(n).isEqualTo(Normalisation.rejected(Normalisation.ReasonClass.TOO_LARGE, "message of " + raw.length + " bytes is over the limit of 2048"));
    }

    @Test
    void autoMailIsRecognisedByEveryHeaderTheRfcsAndVendorsUse() {
        Map<String, String> cases = Map.of(
                "Auto-Submitted: auto-generated\r\n", "auto-submitted mail (Auto-Submitted: auto-generated)",
                "Precedence: junk\r\n", "bulk or list mail (Precedence: junk)",
                "X-Autoreply: yes\r\n", "auto-reply (X-Autoreply)",
                "X-Auto-Response-Suppress: OOF\r\n", "automated mail (X-Auto-Response-Suppress)",
                "List-Id: <a.b.c>\r\n", "mailing-list mail (List-Id)",
                "Return-Path: <>\r\n", "bounce (empty Return-Path)",
                "Subject: Balasan Otomatis: cuti\r\n", "auto-reply subject");
        cases.forEach((header, reason) ->
                assertThat(normaliser.normalise(EmailMessage.of(mail(header, "text/plain", "x"), "m"))).as(header).isEqualTo(Normalisation.ignored(reason)));
        assertThat(normaliser.normalise(EmailMessage.of(mail("Auto-Submitted: no\r\nSubject: Aduan\r\n", "text/plain", "Jalan rusak"), "m")))
                .isInstanceOf(Normalisation.Accepted.class);
        byte[] daemon = "From: postmaster@mx.example.id\r\nSubject: Failure\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
        assertThat(normaliser.normalise(EmailMessage.of(daemon, "m"))).isEqualTo(Normalisation.ignored("bounce from postmaster"));
    }

    @Test
    void subjectsLoseReplyPrefixesAndMarkersAndGenericOnesGiveNoTitle() {
        Set<String> flags = new LinkedHashSet<>();
        var s = normaliser.subject("RE: Fwd: AW: [RAHASIA] [" + KNOWN.toLowerCase() + "] Jalan rusak [Laporan]", flags);
        assertThat(s.title()).isEqualTo("Jalan rusak [Laporan]");
        assertThat(s.confidential()).isTrue();
        assertThat(s.ticket()).isEqualTo(KNOWN);
        assertThat(normaliser.subject("Fwd: (no subject)", flags).title()).isNull();
        assertThat(normaliser.subject("[KESEHATAN] Puskesmas tutup", flags).title()).isEqualTo("[KESEHATAN] Puskesmas tutup");
        assertThat(flags).isEmpty();
    }

    @Test
    void quotedHistoryAndSignaturesAreTrimmedButForwardsKept() {
        assertThat(ReplyTrimmer.trim("Masih rusak.\n\nOn Tue, 4 Jun 2024 at 10:00, Layanan <a@b.id>\nwrote:\n> lama")).isEqualTo("Masih rusak.");
        assertThat(ReplyTrimmer.trim("Masih rusak.\n\nPada Sel, 4 Jun 2024 10.00, Layanan menulis:\n> lama")).isEqualTo("Masih rusak.");
        assertThat(ReplyTrimmer.trim("Masih rusak.\n-----Original Message-----\nFrom: x")).isEqualTo("Masih rusak.");
        assertThat(ReplyTrimmer.trim("Masih rusak.\n-- \nBudi\n0812")).isEqualTo("Masih rusak.");
        assertThat(ReplyTrimmer.trim("Masih rusak.\n\nDikirim dari Yahoo Mail di Android")).isEqualTo("Masih rusak.");
        assertThat(ReplyTrimmer.trim("Lihat ini.\n\n---------- Forwarded message ---------\nFrom: a\n\nOn Mon wrote:\n> isi"))
                .isEqualTo("Lihat ini.\n\n---------- Forwarded message ---------\nFrom: a\n\nOn Mon wrote:\n> isi");
        assertThat(ReplyTrimmer.trim("> semuanya kutipan\n> saja")).as("nothing left: kept as it was").isEqualTo("> semuanya kutipan\n> saja");
    }

    @Test
    void htmlKeepsParagraphsAndListsAndDropsScriptsStylesPixelsAndGmailQuotes() {
        String html = "<html><head><style>p{}</style></head><body><p>Satu</p><p>Dua<br>tiga</p><ul><li>a</li><li>b</li></ul>"
                + "<img src=\"https://t.example/p.gif\" width=1 height=1><script>x()</script>"
                + "<div class=\"gmail_quote\">On Mon, X wrote:<blockquote>lama</blockquote></div></body></html>";
        assertThat(HtmlText.toText(html)).isEqualTo("Satu\n\nDua\ntiga\n\n- a\n- b");
        assertThat(HtmlText.toText("<div class=\"gmail_quote\">---------- Forwarded message ---------<br>From: a</div>"))
                .isEqualTo("---------- Forwarded message ---------\nFrom: a");
    }

    @Test
    void charsetsAreReadAsDeclaredAndGuessedWhenMissingOrWrong() {
        Set<String> problems = new LinkedHashSet<>();
        assertThat(MailReader.decode("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), "iso-8859-1", problems)).isEqualTo("café");
        assertThat(MailReader.decode(new byte[] {(byte) 0x93, 'x', (byte) 0x94}, "iso-8859-1", problems)).isEqualTo("“x”");
        assertThat(problems).isEmpty();
        assertThat(MailReader.decode("café".getBytes(StandardCharsets.ISO_8859_1), "utf-8", problems)).isEqualTo("café");
        assertThat(problems).containsExactly("EMAIL_CHARSET_MISMATCH:UTF-8");
    }

    @Test
    void zipsAreOpenedNeverTrustingDeclaredSizes() throws IOException {
        AttachmentScreen screen = new AttachmentScreen(PROPS.allowedTypes(), PROPS.limits());
        byte[] nestedBomb = zip(Map.of("inner.zip", zip(Map.of("zeros.bin.txt", new byte[30 * 1024 * 1024]))));
        byte[] tooMany = zip(java.util.stream.IntStream.range(0, 1001).boxed()
                .collect(java.util.stream.Collectors.toMap(i -> "f" + i + ".txt", i -> new byte[] {1})));
        var verdict = screen.screen(List.of(new AttachmentScreen.Candidate("a.zip", nestedBomb, nestedBomb.length, false),
                new AttachmentScreen.Candidate("b.zip", tooMany, tooMany.length, false),
                new AttachmentScreen.Candidate("c.zip", new byte[] {'P', 'K', 3, 4, 0, 0}, 6, false)));
        assertThat(verdict.kept()).isEmpty();
        assertThat(verdict.dropped()).extracting(AttachmentScreen.Dropped::reason).containsExactly(
                AttachmentScreen.Reason.ARCHIVE_BOMB, AttachmentScreen.Reason.ARCHIVE_BOMB, AttachmentScreen.Reason.UNREADABLE);
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void acknowledgementsTellTheTicketAndWhatWasLeftOutAndSkipAutomatedAddresses() {
        EmailAcks acks = new EmailAcks(PROPS.replies(), "Layanan Pengaduan Diskominfo");
        Complaint c = Complaint.builder().schemaVersion(1).ticket("T1CKET000").channel(Channel.EMAIL).receivedAt(Instant.EPOCH)
                .source(new Complaint.Source("<m@x>", "m", null))
                .reporter(new Complaint.Reporter("Budi", null, "budi@example.id", "mailto:budi@example.id", false, false))
                .title("Jalan rusak").content("isi").language("id").attachments(List.of())
                .flags(List.of("ATTACHMENT_DROPPED:virus.exe:EXECUTABLE")).status(ComplaintStatus.RECEIVED)
                .lapor(Complaint.Lapor.NONE).slaDueAt(Instant.EPOCH).overdue(false).build();
        EmailAcks.Ack ack = acks.compose(c, "T1CKET000", "budi@example.id");
        assertThat(ack.subject()).isEqualTo("Re: [T1CKET000] Jalan rusak");
        assertThat(ack.inReplyTo()).isEqualTo("<m@x>");
        assertThat(ack.body()).startsWith("Yth. Budi,").contains("nomor tiket T1CKET000")
                .contains("- virus.exe: berkas program/aplikasi tidak diterima demi keamanan");
        assertThat(acks.refusal("no-reply@bank.example")).isPresent();
        assertThat(acks.refusal("noreply@x.id")).isPresent();
        assertThat(acks.refusal("budi@example.id")).isEmpty();
    }
}

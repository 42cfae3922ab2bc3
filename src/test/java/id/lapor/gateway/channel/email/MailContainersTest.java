package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static id.lapor.gateway.channel.email.ContainerSamples.EXE;
import static id.lapor.gateway.channel.email.ContainerSamples.JPEG;
import static id.lapor.gateway.channel.email.ContainerSamples.PDF;
import static id.lapor.gateway.channel.email.ContainerSamples.PNG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MailContainers} and its use by the email normaliser without Camel or a store: TNEF, S/MIME and
 * data: URIs, well-formed and hostile, on inputs built at test time by {@link ContainerSamples}.
 */
class MailContainersTest {

    static final EmailProperties PROPS = EmailDecisionsTest.PROPS;
    static final String FROM = "Wayan Arta <wayan.arta@contoh.id>";
    static final String DATE = "Mon, 10 Jun 2024 08:00:00 +0800";
    static ContainerSamples.Signer signer;

    final MailContainers containers = new MailContainers(PROPS.limits().maxAttachmentBytes());
    final EmailNormaliser normaliser = new EmailNormaliser(PROPS, t -> false);

    @BeforeAll
    static void key() throws Exception {
        signer = ContainerSamples.Signer.make("Wayan Arta", "wayan.arta@contoh.id");
    }

    static String headers(String subject, String id) {
        return ContainerSamples.headers(FROM, subject, id, DATE);
    }

    Complaint complaint(byte[] raw) {
        Normalisation n = normaliser.normalise(EmailMessage.of(raw, "mailbox-1"));
        assertThat(n).isInstanceOf(Normalisation.Accepted.class);
        var d = ((Normalisation.Accepted) n).draft();
        return Complaint.builder().schemaVersion(1).ticket("T1CKET000").channel(Channel.EMAIL).receivedAt(Instant.EPOCH)
                .source(new Complaint.Source("<m@x>", "m", null)).reporter(d.reporter()).title(d.title()).content(d.content())
                .language("id").attachments(List.of()).flags(d.flags()).status(ComplaintStatus.RECEIVED)
                .lapor(Complaint.Lapor.NONE).slaDueAt(Instant.EPOCH).overdue(false).build();
    }

    List<String> attachmentNames(byte[] raw) {
        Normalisation n = normaliser.normalise(EmailMessage.of(raw, "mailbox-1"));
        return ((Normalisation.Accepted) n).draft().attachments().stream().map(a -> a.filename() + "=" + a.mediaType()).toList();
    }

    @Test
    void aTnefGivesItsFilesAndItsBodyInTheCodePageItDeclares() throws Exception {
        MailContainers.Tnef t = containers.tnef(ContainerSamples.tnef("Got ke Jalan Pejanggik \u2013 rusak", "a.jpg", JPEG, "b.pdf", PDF));
        assertThat(t.text()).isEqualTo("Got ke Jalan Pejanggik \u2013 rusak"); // the en dash is 0x96 in Windows-1252
        assertThat(t.files()).extracting(AttachmentScreen.Candidate::filename).containsExactly("a.jpg", "b.pdf");
        assertThat(t.files().get(0).bytes()).isEqualTo(JPEG);
        assertThat(t.files().get(1).bytes()).isEqualTo(PDF);
    }

    @Test
    void aTnefWhoseBodyIsCompressedRtfGivesItsText() throws Exception {
        MailContainers.Tnef t = containers.tnef(ContainerSamples.tnefRtf(
                "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0 Got di Jl. Gora tersumbat\\par Mohon dibersihkan.\\par}"));
        assertThat(t.text()).isEqualTo("Got di Jl. Gora tersumbat\nMohon dibersihkan.");
        assertThat(t.files()).isEmpty();
    }

    @Test
    void aTruncatedOrForeignTnefIsUnopenableWithItsReason() {
        byte[] whole = ContainerSamples.tnef(null, "a.jpg", JPEG);
        for (int cut : new int[] {10, 30, whole.length / 2, whole.length - 3}) {
            assertThatThrownBy(() -> containers.tnef(Arrays.copyOf(whole, cut))).as("cut at " + cut)
                    .isInstanceOf(MailContainers.Unopenable.class).hasMessage("truncated or corrupt TNEF stream");
        }
        byte[] claimsThirtyMegabytes = Arrays.copyOf(whole, whole.length);
        int data = indexOf(whole, new byte[] {0x0F, (byte) 0x80, 0x06, 0x00}) + 4; // attAttachData's length follows its id
        claimsThirtyMegabytes[data + 3] = 0x01; // 0x01xxxxxx: over 16 MB, with POI's limit at 20 MB
        claimsThirtyMegabytes[data + 2] = (byte) 0xE0;
        assertThatThrownBy(() -> containers.tnef(claimsThirtyMegabytes)).isInstanceOf(MailContainers.Unopenable.class)
                .hasMessage("TNEF record too large");
        assertThatThrownBy(() -> containers.tnef("PK\3\4 not tnef".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MailContainers.Unopenable.class).hasMessage("not a TNEF stream");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aTnefWithAnExecutableKeepsThePhotoAndTheAcknowledgementNamesTheProgram() {
        byte[] raw = ContainerSamples.tnefMail(headers("Lampu mati", "<t1@contoh.id>"), "Lampu mati. Foto terlampir.",
                ContainerSamples.tnef(null, "taman.jpg", JPEG, "setup.exe", EXE));
        assertThat(attachmentNames(raw)).containsExactly("taman.jpg=image/jpeg");
        Complaint c = complaint(raw);
        assertThat(c.flags()).contains("EMAIL_TNEF_OPENED:winmail.dat", "ATTACHMENT_DROPPED:setup.exe:EXECUTABLE");
        String ack = new EmailAcks(PROPS.replies(), "Layanan").compose(c, "T1CKET000", "wayan.arta@contoh.id").body();
        assertThat(ack).contains("- setup.exe: berkas program/aplikasi tidak diterima demi keamanan").doesNotContain("winmail.dat");
    }

    @Test
    void aTnefThatCannotBeOpenedIsNamedInTheAcknowledgementAndTheTextKept() {
        byte[] whole = ContainerSamples.tnef(null, "a.jpg", JPEG);
        byte[] raw = ContainerSamples.tnefMail(headers("Jalan retak", "<t2@contoh.id>"), "Jalan retak di Langko.", Arrays.copyOf(whole, 60));
        Complaint c = complaint(raw);
        assertThat(c.content()).isEqualTo("Jalan retak di Langko.");
        assertThat(c.flags()).containsExactly("EMAIL_CONTAINER_UNREADABLE:winmail.dat:truncated or corrupt TNEF stream",
                "ATTACHMENT_DROPPED:winmail.dat:CONTAINER_UNREADABLE");
        assertThat(new EmailAcks(PROPS.replies(), "Layanan").compose(c, "T1CKET000", "w@contoh.id").body())
                .contains("- winmail.dat: berkas pembungkus");
    }

    @Test
    void signedDataIsReadAndItsSignatureCheckedValidInvalidOrUnverified() throws Exception {
        byte[] entity = ContainerSamples.SIGNED_ENTITY.getBytes(StandardCharsets.UTF_8);
        var valid = (MailContainers.Signed) containers.smime(ContainerSamples.signedData(signer, entity));
        assertThat(valid.validity()).isEqualTo(MailContainers.Validity.VALID);
        assertThat(valid.entity()).isEqualTo(entity);

        String tampered = new String(ContainerSamples.signedData(signer, entity), StandardCharsets.ISO_8859_1).replace("seminggu", "sebulan!");
        var invalid = (MailContainers.Signed) containers.smime(tampered.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(invalid.validity()).isEqualTo(MailContainers.Validity.INVALID);
        assertThat(new String(invalid.entity(), StandardCharsets.UTF_8)).contains("sebulan!");

        CMSSignedDataGenerator noCert = new CMSSignedDataGenerator(); // signed, but the certificate is not sent along
        noCert.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", signer.keys().getPrivate(), signer.cert()));
        byte[] bare = noCert.generate(new CMSProcessableByteArray(entity), true).getEncoded();
        assertThat(((MailContainers.Signed) containers.smime(bare)).validity()).isEqualTo(MailContainers.Validity.UNVERIFIED);

    }

    @Test
    void anOpaqueSignedMailIsReadAsItsInnerEntityWithItsAttachments() throws Exception {
        String inner = "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Pipa bocor di Jl. Gora.\r\n--in\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"pipa.png\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + ContainerSamples.b64(PNG) + "--in--\r\n";
        byte[] raw = ContainerSamples.pkcs7Mail(headers("Pipa bocor", "<s1@contoh.id>"), "signed-data",
                ContainerSamples.signedData(signer, inner.getBytes(StandardCharsets.UTF_8)));
        Complaint c = complaint(raw);
        assertThat(c.content()).isEqualTo("Pipa bocor di Jl. Gora.");
        assertThat(c.flags()).containsExactly("EMAIL_SMIME_SIGNED:valid");
        assertThat(attachmentNames(raw)).containsExactly("pipa.png=image/png");
    }

    @Test
    void aDetachedSignatureIsCheckedAndNeverReportedAsARefusedAttachment() throws Exception {
        byte[] raw = ContainerSamples.detachedSignedMail(signer, FROM, "Sampah", "<s2@contoh.id>", "Sampah menumpuk di TPS.");
        Complaint c = complaint(raw);
        assertThat(c.content()).isEqualTo("Sampah menumpuk di TPS.");
        assertThat(c.flags()).containsExactly("EMAIL_SMIME_SIGNED:valid");

        String changed = new String(raw, StandardCharsets.ISO_8859_1).replace("Sampah menumpuk di TPS.", "Sampah menumpuk di TPA.");
        Complaint altered = complaint(changed.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(altered.content()).isEqualTo("Sampah menumpuk di TPA.");
        assertThat(altered.flags()).containsExactly("EMAIL_SMIME_SIGNED:invalid");
    }

    @Test
    void aPgpSignedMailIsReadWithItsSignatureUnverifiedAndNotAnAttachment() {
        byte[] raw = ("From: " + FROM + "\r\nSubject: Sampah\r\nMessage-ID: <p1@contoh.id>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"s\"\r\n\r\n"
                + "--s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSampah menumpuk di TPS.\r\n--s\r\n"
                + "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\n"
                + "iQEzBAEBCAAdFiEE\r\n-----END PGP SIGNATURE-----\r\n--s--\r\n").getBytes(StandardCharsets.US_ASCII);
        Complaint c = complaint(raw);
        assertThat(c.content()).isEqualTo("Sampah menumpuk di TPS.");
        assertThat(c.flags()).containsExactly("EMAIL_PGP_SIGNED:unverified");
        assertThat(attachmentNames(raw)).isEmpty();
    }

    @Test
    void anEncryptedMailIsQuarantinedAndAnEncryptedAttachmentBesideTextIsNamed() throws Exception {
        byte[] env = ContainerSamples.envelopedData(signer, ContainerSamples.SIGNED_ENTITY.getBytes(StandardCharsets.UTF_8));
        assertThat(containers.smime(env)).isEqualTo(new MailContainers.Encrypted("enveloped-data"));
        Normalisation n = normaliser.normalise(EmailMessage.of(ContainerSamples.pkcs7Mail(headers("Rahasia", "<e1@contoh.id>"), "enveloped-data", env), "m"));
        assertThat(n).isInstanceOf(Normalisation.Rejected.class);
        assertThat(((Normalisation.Rejected) n).reasonClass()).isEqualTo(ReasonClass.UNSUPPORTED);
        assertThat(((Normalisation.Rejected) n).reason()).contains("encrypted S/MIME mail (enveloped-data)");

        byte[] mixed = ("From: " + FROM + "\r\nSubject: Lampiran\r\nMessage-ID: <e2@contoh.id>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nDokumen terlampir.\r\n--b\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"dokumen.p7m\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + ContainerSamples.b64(env) + "--b--\r\n").getBytes(StandardCharsets.US_ASCII);
        Complaint c = complaint(mixed);
        assertThat(c.content()).isEqualTo("Dokumen terlampir.");
        assertThat(c.flags()).containsExactly("EMAIL_SMIME_ENCRYPTED:dokumen.p7m", "ATTACHMENT_DROPPED:dokumen.p7m:ENCRYPTED");
        assertThat(new EmailAcks(PROPS.replies(), "Layanan").compose(c, "T1CKET000", "w@contoh.id").body())
                .contains("- dokumen.p7m: berkas terenkripsi tidak dapat kami buka");
    }

    @Test
    void aP7mThatIsNotDerOrOfAnotherCmsTypeIsUnopenableWithItsReason() throws Exception {
        assertThatThrownBy(() -> containers.smime("MIME-Version: 1.0 bukan DER".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MailContainers.Unopenable.class).hasMessage("not DER-encoded CMS");
        assertThatThrownBy(() -> containers.smime(new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x06}))
                .isInstanceOf(MailContainers.Unopenable.class).hasMessage("not DER-encoded CMS");
        byte[] compressed = new ContentInfo(CMSObjectIdentifiers.compressedData, new DERSequence(DERNull.INSTANCE)).getEncoded();
        assertThatThrownBy(() -> containers.smime(compressed)).isInstanceOf(MailContainers.Unopenable.class)
                .hasMessage("unsupported S/MIME type 1.2.840.113549.1.9.16.1.9");
        byte[] signedWithoutSignedData = new ContentInfo(CMSObjectIdentifiers.signedData, new DEROctetString(new byte[] {1})).getEncoded();
        assertThatThrownBy(() -> containers.smime(signedWithoutSignedData)).isInstanceOf(MailContainers.Unopenable.class)
                .hasMessage("unreadable signed-data");
    }

    @Test
    void dataUrisBecomeCandidatesAndHostileOnesAreLeftOutWithAReason() {
        String png = Base64.getEncoder().encodeToString(PNG);
        var two = containers.dataUris("<p>x</p><img src=\"data:image/png;base64," + png + "\"><img src='DATA:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(JPEG) + "'>", 0);
        assertThat(two.files()).extracting(AttachmentScreen.Candidate::filename).containsExactly("gambar-1.png", "gambar-2.jpg");
        assertThat(two.files().get(0).bytes()).isEqualTo(PNG);
        assertThat(two.files().get(1).bytes()).isEqualTo(JPEG);

        var bad = containers.dataUris("<img src=\"data:image/png;base64,iVBO\u00e9Rw0K\">", 4).files().get(0);
        assertThat(bad.filename()).isEqualTo("gambar-5.png");
        assertThat(bad.unreadable()).isTrue();
        assertThat(containers.dataUris("<img src=\"data:image/png;base64\">", 0).files().get(0).unreadable()).isTrue(); // no comma

        String fifty = "A".repeat(50 * 1024 * 1024);
        var huge = containers.dataUris("<img src=\"data:image/png;base64," + fifty + "\">", 0).files().get(0);
        assertThat(huge.bytes()).isNull();
        assertThat(huge.size()).isEqualTo(50L * 1024 * 1024 / 4 * 3);
        AttachmentScreen screen = new AttachmentScreen(PROPS.allowedTypes(), PROPS.limits());
        assertThat(screen.screen(List.of(huge, bad)).dropped()).extracting(AttachmentScreen.Dropped::flag)
                .containsExactly("ATTACHMENT_DROPPED:gambar-1.png:TOO_LARGE", "ATTACHMENT_DROPPED:gambar-5.png:UNREADABLE");

        var many = containers.dataUris(("<img src=\"data:image/png;base64," + png + "\">").repeat(MailContainers.MAX_DATA_URIS + 7), 0);
        assertThat(many.files()).hasSize(MailContainers.MAX_DATA_URIS);
        assertThat(many.skipped()).isEqualTo(7);
        assertThat(containers.dataUris("<p>tidak ada gambar, hanya teks tentang data: penduduk</p>", 0).files()).isEmpty();
    }

    @Test
    void dataImagesOfAnHtmlFormNotChosenAreKeptToo() {
        String png = Base64.getEncoder().encodeToString(PNG);
        byte[] raw = ("From: " + FROM + "\r\nSubject: Banjir\r\nMessage-ID: <a1@contoh.id>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBanjir di Kekalik. [gambar]\r\n"
                + "--b\r\nContent-Type: text/html\r\n\r\n<p>Banjir di Kekalik.</p><img src=\"data:image/png;base64," + png + "\">\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Complaint c = complaint(raw);
        assertThat(c.content()).isEqualTo("Banjir di Kekalik. [gambar]");
        assertThat(c.flags()).isEmpty();
        assertThat(attachmentNames(raw)).containsExactly("gambar-1.png=image/png");
    }
}

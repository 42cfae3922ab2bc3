package id.lapor.gateway.channel.email;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Builds the container inputs of the email tests: TNEF streams written by hand, S/MIME signed-data,
 * enveloped-data and multipart/signed made with Bouncy Castle and a throwaway self-signed RSA key
 * made at run time, and HTML with data: URIs. {@link #main} wrote the container fixtures under
 * {@code fixtures/email/} (their expected JSON is reviewed by hand; a rerun makes new keys, so new
 * signatures and raw hashes).
 *
 * <p>TNEF ([MS-OXTNEF] 2.1.3): a little-endian stream of the signature 0x223E9F78, a 16-bit key, then
 * attributes, each a level byte (1 message, 2 attachment), a 32-bit id (type &lt;&lt; 16 | id), a 32-bit
 * length, the data and a 16-bit checksum (the sum of the data bytes modulo 65536). An attachment
 * starts with attAttachRendData; attAttachTitle is its name, attAttachData its bytes. POI has no
 * writer, hence this one.
 */
final class ContainerSamples {

    static final int ATT_TNEF_VERSION = 0x00089006;
    static final int ATT_OEM_CODEPAGE = 0x00069007;
    static final int ATT_MESSAGE_CLASS = 0x00078008;
    static final int ATT_BODY = 0x0002800C;
    static final int ATT_ATTACH_REND_DATA = 0x00069002;
    static final int ATT_ATTACH_TITLE = 0x00018010;
    static final int ATT_ATTACH_DATA = 0x0006800F;

    static final byte[] JPEG = hex("ffd8ffe000104a46494600010100000100010000ffdb004300" + "000102030405060708090a0b0c0d0e0f"
            + "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
            + "ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffda0008010100003f00d2cf20ffd9");
    static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            + "trailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] EXE = concat(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0},
            new byte[48], "This program cannot be run in DOS mode.\r\n".getBytes(StandardCharsets.US_ASCII));
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DAwMDAAAAN/gH/qDwTTQAAAABJRU5ErkJggg==");

    private ContainerSamples() {}

    /** A TNEF stream: an optional attBody text and one attachment per (name, bytes). */
    static byte[] tnef(String body, Object... namesAndBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, 0x223E9F78);
        le16(out, 0x0001);
        attribute(out, 1, ATT_TNEF_VERSION, new byte[] {0, 0, 1, 0});
        attribute(out, 1, ATT_OEM_CODEPAGE, new byte[] {(byte) 0xE4, 4, 0, 0, 0, 0, 0, 0});
        attribute(out, 1, ATT_MESSAGE_CLASS, "IPM.Microsoft Mail.Note\0".getBytes(StandardCharsets.US_ASCII));
        if (body != null) attribute(out, 1, ATT_BODY, (body + "\0").getBytes(java.nio.charset.Charset.forName("windows-1252")));
        for (int i = 0; i < namesAndBytes.length; i += 2) {
            attribute(out, 2, ATT_ATTACH_REND_DATA, new byte[] {1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0});
            attribute(out, 2, ATT_ATTACH_TITLE, (namesAndBytes[i] + "\0").getBytes(StandardCharsets.US_ASCII));
            attribute(out, 2, ATT_ATTACH_DATA, (byte[]) namesAndBytes[i + 1]);
        }
        return out.toByteArray();
    }

    static final int ATT_MAPI_PROPS = 0x00069003;

    /**
     * A TNEF stream whose only body is PR_RTF_COMPRESSED (0x1009, PT_BINARY) in attMAPIProps, as Outlook
     * sends it. The RTF is stored in the uncompressed form [MS-OXRTFCP] 2.1.3.1 allows (COMPTYPE "MELA"):
     * COMPSIZE (bytes after it), RAWSIZE, COMPTYPE, CRC 0, then the RTF. MAPI properties ([MS-OXTNEF]
     * 2.1.3.4): a count, then per property its type and id (16 bits each), a value count, the value's
     * length and bytes padded to 4.
     */
    static byte[] tnefRtf(String rtf) {
        byte[] text = rtf.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        le32(value, text.length + 12);
        le32(value, text.length);
        value.writeBytes("MELA".getBytes(StandardCharsets.US_ASCII));
        le32(value, 0);
        value.writeBytes(text);
        byte[] v = value.toByteArray();
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        le32(props, 1);
        le16(props, 0x0102);
        le16(props, 0x1009);
        le32(props, 1);
        le32(props, v.length);
        props.writeBytes(v);
        props.writeBytes(new byte[(4 - v.length % 4) % 4]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, 0x223E9F78);
        le16(out, 0x0001);
        attribute(out, 1, ATT_TNEF_VERSION, new byte[] {0, 0, 1, 0});
        attribute(out, 1, ATT_MESSAGE_CLASS, "IPM.Note\0".getBytes(StandardCharsets.US_ASCII));
        attribute(out, 1, ATT_MAPI_PROPS, props.toByteArray());
        return out.toByteArray();
    }

    private static void attribute(ByteArrayOutputStream out, int level, int id, byte[] data) {
        out.write(level);
        le32(out, id);
        le32(out, data.length);
        out.writeBytes(data);
        int sum = 0;
        for (byte b : data) sum = (sum + (b & 0xFF)) & 0xFFFF;
        le16(out, sum);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    /** A throwaway signer: an RSA key and a self-signed certificate valid from yesterday for a year. */
    record Signer(KeyPair keys, X509Certificate cert) {
        static Signer make(String name, String email) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            X500Name dn = new X500Name("CN=" + name + ",E=" + email);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), dn, kp.getPublic());
            X509CertificateHolder holder = builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
            return new Signer(kp, new JcaX509CertificateConverter().getCertificate(holder));
        }
    }

    /** CMS signed-data (DER) encapsulating {@code content}, signed by {@code signer}, its certificate included. */
    static byte[] signedData(Signer signer, byte[] content) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", signer.keys().getPrivate(), signer.cert()));
        gen.addCertificates(new JcaCertStore(List.of(signer.cert())));
        return gen.generate(new CMSProcessableByteArray(content), true).getEncoded("DER");
    }

    /** CMS enveloped-data (DER) of {@code content} for the holder of {@code recipient}'s key. */
    static byte[] envelopedData(Signer recipient, byte[] content) throws Exception {
        CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
        gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient.cert()));
        return gen.generate(new CMSProcessableByteArray(content), new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).build()).getEncoded();
    }

    static String headers(String from, String subject, String messageId, String date) {
        return "From: " + from + "\r\nTo: pengaduan@diskominfo.example.go.id\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: " + messageId + "\r\nMIME-Version: 1.0\r\n";
    }

    /** A whole message whose body is one {@code application/pkcs7-mime} object. */
    static byte[] pkcs7Mail(String headers, String smimeType, byte[] der) {
        return (headers + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=" + smimeType + "; name=\"smime.p7m\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64(der)).getBytes(StandardCharsets.US_ASCII);
    }

    /** A multipart/signed message (detached signature) over a text/plain body, signed by {@code signer}. */
    static byte[] detachedSignedMail(Signer signer, String from, String subject, String messageId, String text) throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        body.setHeader("Content-Transfer-Encoding", "quoted-printable");
        SMIMESignedGenerator gen = new SMIMESignedGenerator();
        gen.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", signer.keys().getPrivate(), signer.cert()));
        gen.addCertificates(new JcaCertStore(List.of(signer.cert())));
        MimeMultipart signed = gen.generate(body);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "pengaduan@diskominfo.example.go.id");
        m.setSubject(subject, "UTF-8");
        m.setHeader("Date", "Mon, 10 Jun 2024 08:00:00 +0800");
        m.setContent(signed, signed.getContentType());
        m.saveChanges();
        m.setHeader("Message-ID", messageId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    /** A mail of a text/plain part and one {@code application/ms-tnef} winmail.dat. */
    static byte[] tnefMail(String headers, String text, byte[] tnef) {
        String b = "==outer==";
        return (headers + "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + text + "\r\n\r\n--" + b + "\r\n"
                + "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n" + b64(tnef) + "\r\n--" + b + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A text/html mail (UTF-8, base64). */
    static byte[] htmlMail(String headers, String html) {
        return (headers + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + b64(html.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
    }

    static String b64(byte[] bytes) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\r\n";
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static final String SIGNED_ENTITY = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Sampah menumpuk di TPS Jl. Majapahit sudah seminggu tidak diangkut. Baunya sampai ke sekolah.\r\n";

    /** Writes the container fixtures into {@code args[0]} (default src/test/resources/fixtures/email). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/email");
        String date = "Mon, 10 Jun 2024 08:00:00 +0800";
        Files.write(dir.resolve("tnef-two-files.eml"), tnefMail(headers("Made Sudarsana <made.s@contoh.id>", "Dua berkas dari Outlook",
                "<tnef-2@contoh.id>", date) + "X-Mailer: Microsoft Outlook 16.0\r\n", "",
                tnef("Saluran air di Jl. Sriwijaya tersumbat, air meluap ke rumah warga. Foto dan surat RT terlampir.",
                        "saluran.jpg", JPEG, "surat-rt.pdf", PDF)));
        Files.write(dir.resolve("tnef-with-exe.eml"), tnefMail(headers("Made Sudarsana <made.s@contoh.id>", "Lampu taman mati",
                "<tnef-3@contoh.id>", date), "Lampu taman di Udayana mati semua. Foto terlampir.", tnef(null, "taman.jpg", JPEG, "foto.exe", EXE)));
        byte[] whole = tnef(null, "jalan.jpg", JPEG);
        Files.write(dir.resolve("tnef-truncated.eml"), tnefMail(headers("Made Sudarsana <made.s@contoh.id>", "Jalan retak",
                "<tnef-4@contoh.id>", date), "Jalan di Jl. Langko retak memanjang.", java.util.Arrays.copyOf(whole, whole.length - 40)));
        Signer wayan = Signer.make("Wayan Arta", "wayan.arta@contoh.id");
        String wayanFrom = "Wayan Arta <wayan.arta@contoh.id>";
        Files.write(dir.resolve("smime-detached-signed.eml"), detachedSignedMail(wayan, wayanFrom, "Sampah tidak diangkut",
                "<smime-detached-1@contoh.id>", "Sampah menumpuk di TPS Jl. Majapahit sudah seminggu tidak diangkut.\r\nMohon segera ditangani."));
        Files.write(dir.resolve("smime-enveloped.eml"), pkcs7Mail(headers(wayanFrom, "Rahasia: pungutan liar", "<smime-env-1@contoh.id>", date),
                "enveloped-data", envelopedData(wayan, SIGNED_ENTITY.getBytes(StandardCharsets.UTF_8))));
        byte[] signed = signedData(wayan, SIGNED_ENTITY.getBytes(StandardCharsets.UTF_8));
        String s = new String(signed, StandardCharsets.ISO_8859_1).replace("seminggu", "sebulan!");
        Files.write(dir.resolve("smime-opaque-tampered.eml"), pkcs7Mail(headers(wayanFrom, "Sampah TPS", "<smime-tamper-1@contoh.id>", date),
                "signed-data", s.getBytes(StandardCharsets.ISO_8859_1)));
        Files.write(dir.resolve("smime-p7m-not-der.eml"), pkcs7Mail(headers(wayanFrom, "Sampah TPS Majapahit", "<smime-bad-1@contoh.id>", date),
                "signed-data", "Ini bukan DER, hanya teks biasa yang dinamai smime.p7m.".getBytes(StandardCharsets.US_ASCII)));
        String png = Base64.getEncoder().encodeToString(PNG);
        String jpg = Base64.getEncoder().encodeToString(JPEG);
        Files.write(dir.resolve("html-two-data-images.eml"), htmlMail(headers("Lina <lina@contoh.id>", "Trotoar rusak", "<data-1@contoh.id>", date),
                "<html><body><p>Trotoar di depan Mataram Mall rusak dan berlubang.</p><p><img src=\"data:image/png;base64," + png
                        + "\"></p><p><img alt=\"foto 2\" src=\"data:image/jpeg;base64," + jpg + "\"></p></body></html>"));
        Files.write(dir.resolve("html-data-uri-non-image.eml"), htmlMail(headers("Lina <lina@contoh.id>", "Kabel menjuntai", "<data-2@contoh.id>", date),
                "<html><body><p>Kabel listrik menjuntai rendah di Jl. Airlangga.</p><img src=\"data:application/x-msdownload;base64,"
                        + Base64.getEncoder().encodeToString(EXE) + "\"><a href=\"data:text/plain;charset=utf-8,Lokasi%3A%20Jl.%20Airlangga%20no.%205\">lokasi</a></body></html>"));
        Files.write(dir.resolve("html-data-uri-bad-base64.eml"), htmlMail(headers("Lina <lina@contoh.id>", "Pohon miring", "<data-3@contoh.id>", date),
                "<html><body><p>Pohon besar miring ke jalan di Jl. Bung Karno.</p><img src=\"data:image/png;base64,iVBOR*w0KG!!goAAA$$AANSU\"></body></html>"));
    }
}

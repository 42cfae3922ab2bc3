package id.lapor.gateway.channel.email;

import id.lapor.gateway.intake.TextHygiene;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;
import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.MAPIAttribute;
import org.apache.poi.hmef.attribute.MAPIStringAttribute;
import org.apache.poi.hmef.attribute.TNEFAttribute;
import org.apache.poi.hmef.attribute.TNEFProperty;
import org.apache.poi.hsmf.datatypes.MAPIProperty;
import org.apache.poi.util.RecordFormatException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.sax.BodyContentHandler;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.mail.smime.SMIMESigned;
import org.bouncycastle.operator.OperatorCreationException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Opens the containers mail clients wrap a citizen's content in, so it is read instead of dropped
 * as an attachment of a refused type:
 * <ul>
 *   <li><b>Outlook TNEF</b> ({@code winmail.dat}, {@code application/ms-tnef}, format of
 *   [MS-OXTNEF]) read with Apache POI's HMEF: its files become attachment candidates screened like
 *   any other ({@link AttachmentScreen}), its body (attBody, PR_BODY, PR_BODY_HTML or compressed RTF,
 *   in that order) is text used when the MIME body has none.</li>
 *   <li><b>S/MIME</b> {@code application/pkcs7-mime} ({@code smime.p7m}, RFC 8551) read with Bouncy
 *   Castle: signed-data gives its inner MIME entity and a {@link Validity}; enveloped-data
 *   (encrypted) cannot be read without the recipient's private key, which the gateway does not
 *   hold, and is reported as such. {@code multipart/signed} (detached signature, RFC 1847) gets the
 *   same {@link Validity}.</li>
 *   <li><b>{@code data:} URIs</b> (RFC 2397) in HTML ({@code src} or {@code href}) become attachment
 *   candidates named {@code gambar-<n>.<ext>} (an image type) or {@code sisipan-<n>.<ext>}; oversized ones are not decoded, a bad base64
 *   alphabet makes the candidate unreadable.</li>
 * </ul>
 * A container that cannot be opened throws {@link Unopenable} with a short reason; the caller
 * names it in a flag and leaves it out with reason {@link AttachmentScreen.Reason#CONTAINER_UNREADABLE}.
 * The containers read here are bounded by the message size limit (the whole message is in memory).
 */
public final class MailContainers {

    /**
     * What an S/MIME signature says without a trust store. {@code valid}: the signature verifies over
     * the content with the certificate carried in the message and that certificate was within its
     * validity dates at the signing time (now when the signature has none); it proves the content
     * was not changed since the holder of that certificate's key signed it, not who that holder is
     * (no chain to a trusted root is checked). {@code invalid}: a signature is there and does not
     * verify (content changed, another key, certificate out of its dates, unreadable signature).
     * {@code unverified}: no signer certificate in the message or an algorithm that cannot be checked.
     */
    public enum Validity {
        VALID, INVALID, UNVERIFIED;

        /** The complaint flag: {@code EMAIL_SMIME_SIGNED:valid|invalid|unverified}. */
        public String flag() {
            return "EMAIL_SMIME_SIGNED:" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an opened TNEF holds: its body as text ("" when none) and its files. */
    public record Tnef(String text, List<AttachmentScreen.Candidate> files) {}

    /** What an opened {@code application/pkcs7-mime} is. */
    public sealed interface Smime permits Signed, Encrypted {}

    /** Signed-data: the inner MIME entity's bytes (headers and body, RFC 5322 shape) and the signature's validity. */
    public record Signed(byte[] entity, Validity validity) implements Smime {}

    /** Enveloped or authenticated-enveloped data: readable only with the recipient's private key. */
    public record Encrypted(String kind) implements Smime {}

    /** A container that cannot be opened; {@link #getMessage()} is a short reason for a flag. */
    public static final class Unopenable extends Exception {
        public Unopenable(String reason) {
            super(reason);
        }
    }

    private static final Set<String> TNEF_TYPES = Set.of("application/ms-tnef", "application/vnd.ms-tnef");
    private static final Set<String> PKCS7_TYPES = Set.of("application/pkcs7-mime", "application/x-pkcs7-mime");
    private static final Set<String> SIGNATURE_TYPES = Set.of("application/pkcs7-signature", "application/x-pkcs7-signature");
    /** TNEF stream signature, little-endian 0x223E9F78 ([MS-OXTNEF] 2.1.3.1). */
    private static final byte[] TNEF_MAGIC = {0x78, (byte) 0x9F, 0x3E, 0x22};
    /** At most this many data: URIs of one message become candidates; more are counted in a flag. */
    static final int MAX_DATA_URIS = 50;

    private final long maxAttachmentBytes;

    /** @param maxAttachmentBytes the per-file limit: a larger data: URI is not decoded */
    public MailContainers(long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /** Whether a part of this media type and file name is a TNEF stream. */
    public static boolean isTnef(String mediaType, String filename) {
        return TNEF_TYPES.contains(mediaType) || "winmail.dat".equalsIgnoreCase(filename);
    }

    /**
     * Whether a {@code multipart/signed} of this {@code protocol} parameter carries an S/MIME signature
     * (RFC 8551 section 3.5); any other (PGP/MIME's {@code application/pgp-signature}) is walked as a plain multipart.
     */
    public static boolean isSmimeSignature(String protocol) {
        return protocol != null && SIGNATURE_TYPES.contains(protocol.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether a part of this media type and file name is an S/MIME {@code pkcs7-mime} object. */
    public static boolean isPkcs7Mime(String mediaType, String filename) {
        return PKCS7_TYPES.contains(mediaType) || filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".p7m");
    }

    /**
     * Opens a TNEF stream.
     *
     * @throws Unopenable when the bytes are not TNEF ("not a TNEF stream"), a record is over POI's limit
     *                    ("TNEF record too large") or POI cannot read them ("truncated or corrupt TNEF stream")
     */
    public Tnef tnef(byte[] bytes) throws Unopenable {
        if (bytes.length < 6 || !java.util.Arrays.equals(bytes, 0, 4, TNEF_MAGIC, 0, 4)) throw new Unopenable("not a TNEF stream");
        HMEFMessage msg;
        try {
            msg = new HMEFMessage(new ByteArrayInputStream(bytes));
        } catch (RecordFormatException e) {
            // POI refuses a record over TNEFAttribute.getMaxRecordLength() (20,000,000 bytes) before reading it
            throw new Unopenable(e.getMessage() != null && e.getMessage().contains("allocate") ? "TNEF record too large" : "truncated or corrupt TNEF stream");
        } catch (IOException | RuntimeException e) {
            throw new Unopenable("truncated or corrupt TNEF stream");
        }
        List<AttachmentScreen.Candidate> files = new ArrayList<>();
        int n = 0;
        for (Attachment a : msg.getAttachments()) {
            n++;
            String name = null;
            try {
                name = a.getLongFilename();
                if (name == null) name = a.getFilename();
            } catch (RuntimeException ignored) {
                // a broken name attribute: the file is still named by its position
            }
            name = TextHygiene.fileName(name);
            if (name == null) name = "winmail-" + n;
            byte[] data;
            try {
                data = a.getContents();
            } catch (RuntimeException e) {
                data = null;
            }
            if (data == null) files.add(new AttachmentScreen.Candidate(name, null, 0, true));
            else files.add(new AttachmentScreen.Candidate(name, data.length <= maxAttachmentBytes ? data : null, data.length, false));
        }
        return new Tnef(tnefBody(msg), files);
    }

    private static String tnefBody(HMEFMessage msg) {
        try {
            TNEFAttribute body = msg.getMessageAttribute(TNEFProperty.ID_BODY);
            if (body != null) {
                // [MS-OXTNEF] 2.1.3.3.10: attBody is 8-bit text in the attOemCodepage code page; POI reads the
                // atpText type as UTF-16LE, so the bytes are decoded here
                String s = new String(body.getData(), oemCharset(msg)).replace("\0", "");
                if (!s.isBlank()) return s.strip();
            }
            MAPIAttribute plain = msg.getMessageMAPIAttribute(MAPIProperty.BODY);
            if (plain != null) {
                String s = MAPIStringAttribute.getAsString(plain);
                if (s != null && !s.isBlank()) return s.strip();
            }
            MAPIAttribute html = msg.getMessageMAPIAttribute(MAPIProperty.BODY_HTML);
            if (html != null) {
                String s = MAPIStringAttribute.getAsString(html);
                if (s != null && !s.isBlank()) return HtmlText.toText(s);
            }
            String rtf = msg.getBody();
            if (rtf != null && !rtf.isBlank()) return rtfToText(rtf);
        } catch (RuntimeException e) {
            // a body that cannot be read leaves the files, which were read
        }
        return "";
    }

    /** The charset of attOemCodepage (a 32-bit little-endian Windows code page number), Windows-1252 when absent or unknown. */
    private static Charset oemCharset(HMEFMessage msg) {
        TNEFAttribute cp = msg.getMessageAttribute(TNEFProperty.ID_OEMCODEPAGE);
        if (cp != null && cp.getData().length >= 4) {
            byte[] d = cp.getData();
            int page = (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24;
            for (String name : new String[] {page == 65001 ? "UTF-8" : "windows-" + page, "cp" + page}) {
                try {
                    return Charset.forName(name);
                } catch (RuntimeException ignored) {
                    // not this alias
                }
            }
        }
        return Charset.forName("windows-1252");
    }

    private static String rtfToText(String rtf) {
        try {
            BodyContentHandler handler = new BodyContentHandler(-1);
            new RTFParser().parse(new ByteArrayInputStream(rtf.getBytes(StandardCharsets.ISO_8859_1)), handler, new Metadata(), new ParseContext());
            return handler.toString().strip();
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * Opens an {@code application/pkcs7-mime} object (DER bytes, transfer encoding already undone).
     *
     * @throws Unopenable "not DER-encoded CMS" for bytes that are not a CMS ContentInfo, "unsupported
     *                    S/MIME type &lt;oid&gt;" for compressed-data and others, "unreadable signed-data"
     *                    for a signed-data without content
     */
    public Smime smime(byte[] der) throws Unopenable {
        ContentInfo info;
        try {
            info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new Unopenable("not DER-encoded CMS");
        }
        if (info == null) throw new Unopenable("not DER-encoded CMS");
        ASN1ObjectIdentifier type = info.getContentType();
        if (CMSObjectIdentifiers.envelopedData.equals(type)) return new Encrypted("enveloped-data");
        if (CMSObjectIdentifiers.authEnvelopedData.equals(type)) return new Encrypted("auth-enveloped-data");
        if (!CMSObjectIdentifiers.signedData.equals(type)) throw new Unopenable("unsupported S/MIME type " + type.getId());
        try {
            CMSSignedData signed = new CMSSignedData(info);
            if (signed.getSignedContent() == null || !(signed.getSignedContent().getContent() instanceof byte[] content)) {
                throw new Unopenable("signed-data without content");
            }
            return new Signed(content, validity(signed));
        } catch (CMSException | RuntimeException e) {
            throw new Unopenable("unreadable signed-data");
        }
    }

    /** The validity of a {@code multipart/signed} mail's detached signature (its second part). */
    public Validity detached(MimeMultipart signed) {
        try {
            return validity(new SMIMESigned(signed));
        } catch (MessagingException | CMSException | RuntimeException e) {
            return Validity.INVALID;
        }
    }

    private static Validity validity(CMSSignedData signed) {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) return Validity.UNVERIFIED;
        for (SignerInformation signer : signers) {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certs = signed.getCertificates().getMatches(signer.getSID());
            if (certs.isEmpty()) return Validity.UNVERIFIED;
            X509CertificateHolder cert = certs.iterator().next();
            try {
                if (!cert.isValidOn(signingTime(signer))) return Validity.INVALID;
                if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert))) return Validity.INVALID;
            } catch (OperatorCreationException | CertificateException e) {
                return Validity.UNVERIFIED; // an algorithm or key this JVM cannot check
            } catch (CMSException | RuntimeException e) {
                return Validity.INVALID;
            }
        }
        return Validity.VALID;
    }

    private static Date signingTime(SignerInformation signer) {
        if (signer.getSignedAttributes() != null) {
            Attribute t = signer.getSignedAttributes().get(CMSAttributes.signingTime);
            if (t != null && t.getAttrValues().size() == 1) {
                try {
                    return Time.getInstance(t.getAttrValues().getObjectAt(0)).getDate();
                } catch (RuntimeException ignored) {
                    // an unreadable time: checked against now
                }
            }
        }
        return new Date();
    }

    /** The data: URIs of an HTML text and how many beyond {@link #MAX_DATA_URIS} were left unread. */
    public record DataUris(List<AttachmentScreen.Candidate> files, int skipped) {}

    /**
     * The {@code data:} URIs of an HTML text as attachment candidates, numbered from {@code first}.
     * Shape (RFC 2397): {@code data:[<media type>][;param=value]*[;base64],<data>}. The name's
     * extension comes from the declared media type (Tika's registry), the kept type from the bytes
     * (the screen detects it). Over the per-file limit: a candidate without bytes (TOO_LARGE), its
     * size estimated from the encoded length; base64 with characters outside the alphabet (RFC 4648
     * section 4, whitespace allowed) or no comma: unreadable.
     */
    public DataUris dataUris(String html, int first) {
        List<AttachmentScreen.Candidate> out = new ArrayList<>();
        if (html == null || !html.toLowerCase(Locale.ROOT).contains("data:")) {
            return new DataUris(out, 0);
        }
        int skipped = 0;
        int n = first;
        for (Element e : Jsoup.parse(html).select("[src^=data:], [href^=data:]")) {
            String uri = e.hasAttr("src") && e.attr("src").regionMatches(true, 0, "data:", 0, 5) ? e.attr("src") : e.attr("href");
            if (out.size() >= MAX_DATA_URIS) {
                skipped++;
                continue;
            }
            out.add(dataUri(uri, ++n));
        }
        return new DataUris(out, skipped);
    }

    private AttachmentScreen.Candidate dataUri(String uri, int n) {
        int comma = uri.indexOf(',');
        String header = comma < 0 ? uri.substring(5, Math.min(uri.length(), 200)) : uri.substring(5, comma);
        String[] params = header.split(";");
        String declared = params[0].strip().toLowerCase(Locale.ROOT);
        boolean base64 = params.length > 1 && params[params.length - 1].strip().equalsIgnoreCase("base64");
        String name = (declared.startsWith("image/") ? "gambar-" : "sisipan-") + n + extension(declared);
        if (comma < 0) return new AttachmentScreen.Candidate(name, null, 0, true);
        long encoded = uri.length() - comma - 1L;
        long estimate = base64 ? encoded / 4 * 3 : encoded;
        if (estimate > maxAttachmentBytes) return new AttachmentScreen.Candidate(name, null, estimate, false);
        String data = uri.substring(comma + 1);
        try {
            byte[] bytes = base64 ? Base64.getDecoder().decode(data.replaceAll("\\s+", ""))
                    // percent-encoded: '+' is a literal plus in a URI, not a space as in a form
                    : URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
            return new AttachmentScreen.Candidate(name, bytes, bytes.length, false);
        } catch (IllegalArgumentException e) {
            return new AttachmentScreen.Candidate(name, null, 0, true);
        }
    }

    private static String extension(String mediaType) {
        if (mediaType.isEmpty()) return "";
        try {
            String ext = MimeTypes.getDefaultMimeTypes().forName(mediaType).getExtension();
            return ext == null || !ext.matches("\\.[a-z0-9]{1,5}") ? "" : ext;
        } catch (MimeTypeException | RuntimeException e) {
            return "";
        }
    }
}

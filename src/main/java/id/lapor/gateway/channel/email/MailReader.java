package id.lapor.gateway.channel.email;

import id.lapor.gateway.intake.TextHygiene;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an RFC 5322 message into what the normaliser needs, tolerating what real mail gets wrong:
 * a missing closing boundary, an unknown transfer encoding, an undeclared or bogus charset, broken
 * base64, malformed addresses. Every such repair is reported as a problem flag; nothing throws for
 * bad input short of bytes that are not a message at all.
 */
public final class MailReader {

    /** One forwarded message found as a {@code message/rfc822} part. */
    public record Forwarded(String fromAddress, String fromName, String subject, String date, String text) {}

    public record Parsed(Map<String, List<String>> headers, String topMediaType, String fromAddress, String fromName,
                         String subject, String messageId, List<String> inReplyTo, List<String> references, String text,
                         List<Forwarded> forwarded, List<AttachmentScreen.Candidate> attachments, List<String> problems) {
        public List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private static final Session SESSION = Session.getInstance(lenient());
    private static final int MAX_DEPTH = 16;
    private static final Set<String> KNOWN_ENCODINGS = Set.of("7bit", "8bit", "binary", "base64", "quoted-printable",
            "uuencode", "x-uuencode", "x-uue");
    private static final Set<String> MESSAGE_HEADERS = Set.of("from", "to", "cc", "subject", "date", "message-id", "received",
            "mime-version", "content-type", "return-path", "sender", "reply-to");
    private static final Pattern ANGLE_ID = Pattern.compile("<[^<>\\s]{1,900}>");
    private static final Pattern RFC_2231_NAME = Pattern.compile("(?i)(^|[;\\s])(file)?name\\*");
    private static final Pattern CHARSET_PARAMETER = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

    private final long maxAttachmentBytes;
    private final MailContainers containers;

    public MailReader(long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.containers = new MailContainers(maxAttachmentBytes);
    }

    private static Properties lenient() {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.decodeparameters", "true");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoremissingbeginend", "true");
        p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        p.setProperty("mail.mime.ignoreunknownencoding", "true");
        return p;
    }

    /** Throws only when the bytes are not a message (no header at all). */
    public Parsed read(byte[] raw) throws MessagingException {
        MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        Map<String, List<String>> headers = headers(m);
        if (headers.keySet().stream().noneMatch(MESSAGE_HEADERS::contains)) throw new MessagingException("no message header");
        Walk walk = new Walk();
        String top = mediaType(m, walk);
        walk.part(m, 0, false);
        String[] from = from(m, headers, walk.problems);
        String subject = subject(m, walk.problems);
        return new Parsed(headers, top, from[0], from[1], subject, messageId(m), ids(headers.get("in-reply-to")),
                ids(headers.get("references")), walk.text(), walk.forwarded, walk.attachments, List.copyOf(walk.problems));
    }

    /** Collects the text, forwarded messages, attachments and problems of one message tree. */
    private final class Walk {
        final List<String> plain = new ArrayList<>();
        final List<String> html = new ArrayList<>();
        final List<Forwarded> forwarded = new ArrayList<>();
        final List<AttachmentScreen.Candidate> attachments = new ArrayList<>();
        final Set<String> problems = new LinkedHashSet<>();
        /** Bodies found inside TNEF containers: the text when the MIME body has none. */
        final List<String> containerText = new ArrayList<>();
        /** data: URIs taken so far, so their names are numbered across the message */
        int dataUriCount;

        String text() {
            String p = String.join("\n\n", plain).strip();
            if (!p.isEmpty()) return p;
            String h = html.stream().map(x -> HtmlText.toText(x)).reduce((a, b) -> a + "\n\n" + b).orElse("").strip();
            return h.isEmpty() ? String.join("\n\n", containerText).strip() : h;
        }

        void part(Part p, int depth, boolean attachmentsOnly) {
            if (depth > MAX_DEPTH) {
                problems.add("EMAIL_MIME_TOO_DEEP");
                return;
            }
            try {
                String type = mediaType(p, this);
                String disposition = disposition(p);
                checkEncoding(p);
                if (type.startsWith("multipart/")) {
                    Multipart mp = multipart(p);
                    if (mp == null) return;
                    if (type.equals("multipart/alternative")) alternative(mp, depth, attachmentsOnly);
                    else if (type.equals("multipart/signed") && mp instanceof MimeMultipart signed) signed(signed, parameter(p, "protocol"), depth, attachmentsOnly);
                    else for (int i = 0; i < mp.getCount(); i++) part(mp.getBodyPart(i), depth + 1, attachmentsOnly);
                } else if (type.equals("message/rfc822")) {
                    forwardedMessage(p, depth);
                } else if ((type.equals("text/plain") || type.equals("text/html")) && !"attachment".equals(disposition)
                        && p.getFileName() == null) {
                    if (attachmentsOnly) {
                        // an HTML form not chosen still carries its embedded images; its text is not read
                        if (type.equals("text/html")) unchosenHtmlDataUris(p);
                        return;
                    }
                    String text = text(p, type);
                    (type.equals("text/html") ? html : plain).add(text);
                    if (type.equals("text/html")) dataUris(text);
                } else if (MailContainers.isTnef(type, fileNameOrNull(p)) || MailContainers.isPkcs7Mime(type, fileNameOrNull(p))) {
                    container(p, type, depth, attachmentsOnly);
                } else {
                    attachment(p);
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                problems.add("EMAIL_PART_UNREADABLE");
            }
        }

        /**
         * A multipart/signed (RFC 1847): the first part is the content, the second the signature. An S/MIME
         * signature is checked; a PGP/MIME one (RFC 3156) is flagged unverified (no key ring here); neither
         * is an attachment. Any other protocol is walked as a plain multipart.
         */
        private void signed(MimeMultipart mp, String protocol, int depth, boolean attachmentsOnly) throws MessagingException {
            boolean pgp = protocol != null && protocol.strip().equalsIgnoreCase("application/pgp-signature");
            if (mp.getCount() < 2 || !pgp && !MailContainers.isSmimeSignature(protocol)) {
                for (int i = 0; i < mp.getCount(); i++) part(mp.getBodyPart(i), depth + 1, attachmentsOnly);
                return;
            }
            problems.add(pgp ? "EMAIL_PGP_SIGNED:unverified" : containers.detached(mp).flag());
            part(mp.getBodyPart(0), depth + 1, attachmentsOnly);
            for (int i = 2; i < mp.getCount(); i++) part(mp.getBodyPart(i), depth + 1, attachmentsOnly);
        }

        /** A TNEF or S/MIME container: opened and walked, or left out by name with the reason it could not be. */
        private void container(Part p, String type, int depth, boolean attachmentsOnly) throws MessagingException {
            String name = filename(p, problems);
            byte[] bytes;
            try (InputStream in = p.getInputStream()) {
                bytes = in.readAllBytes(); // bounded by the message size limit: the whole message is in memory
            } catch (IOException | RuntimeException e) {
                attachments.add(AttachmentScreen.Candidate.refused(name, AttachmentScreen.Reason.CONTAINER_UNREADABLE, "not decodable"));
                problems.add("EMAIL_CONTAINER_UNREADABLE:" + name.replace(':', '_') + ":transfer encoding not decodable");
                return;
            }
            try {
                if (MailContainers.isTnef(type, name)) {
                    MailContainers.Tnef tnef = containers.tnef(bytes);
                    problems.add("EMAIL_TNEF_OPENED:" + name.replace(':', '_'));
                    if (!attachmentsOnly && !tnef.text().isBlank()) containerText.add(tnef.text());
                    attachments.addAll(tnef.files());
                    return;
                }
                MailContainers.Smime smime = containers.smime(bytes);
                if (smime instanceof MailContainers.Signed signed) {
                    problems.add(signed.validity().flag());
                    part(new MimeMessage(SESSION, new ByteArrayInputStream(signed.entity())), depth + 1, attachmentsOnly);
                } else if (smime instanceof MailContainers.Encrypted encrypted) {
                    problems.add("EMAIL_SMIME_ENCRYPTED:" + name.replace(':', '_'));
                    attachments.add(AttachmentScreen.Candidate.refused(name, AttachmentScreen.Reason.ENCRYPTED, encrypted.kind()));
                }
            } catch (MailContainers.Unopenable e) {
                problems.add("EMAIL_CONTAINER_UNREADABLE:" + name.replace(':', '_') + ":" + e.getMessage());
                attachments.add(AttachmentScreen.Candidate.refused(name, AttachmentScreen.Reason.CONTAINER_UNREADABLE, e.getMessage()));
            }
        }

        /** The data: URIs of one HTML text, as attachments numbered across the message. */
        private void dataUris(String htmlText) {
            MailContainers.DataUris found = containers.dataUris(htmlText, dataUriCount);
            dataUriCount += found.files().size();
            attachments.addAll(found.files());
            if (found.skipped() > 0) problems.add("EMAIL_DATA_URIS_SKIPPED:" + found.skipped());
        }

        /** The data: URIs of an HTML form the text was not taken from; its charset repairs are not the mail's flags. */
        private void unchosenHtmlDataUris(Part p) {
            try (InputStream in = p.getInputStream()) {
                dataUris(decode(in.readAllBytes(), charset(p), new LinkedHashSet<>()));
            } catch (MessagingException | IOException | RuntimeException e) {
                problems.add("EMAIL_PART_UNREADABLE");
            }
        }

        private void alternative(Multipart mp, int depth, boolean attachmentsOnly) throws MessagingException {
            int chosen = -1;
            for (int i = 0; i < mp.getCount(); i++) {
                if (isType(mp.getBodyPart(i), "text/plain") && !blank(mp.getBodyPart(i))) {
                    chosen = i;
                    break;
                }
            }
            if (chosen < 0) chosen = mp.getCount() - 1; // the richest form comes last (RFC 2046)
            for (int i = 0; i < mp.getCount(); i++) part(mp.getBodyPart(i), depth + 1, attachmentsOnly || i != chosen);
        }

        private boolean blank(BodyPart bp) {
            try {
                return text(bp, "text/plain").isBlank();
            } catch (Exception e) {
                return true;
            }
        }

        private void forwardedMessage(Part p, int depth) throws MessagingException, IOException {
            Object content = p.getContent();
            MimeMessage inner = content instanceof MimeMessage mm ? mm
                    : new MimeMessage(SESSION, content instanceof InputStream in ? in : p.getInputStream());
            Walk innerWalk = new Walk();
            innerWalk.part(inner, depth + 1, false);
            String[] from = from(inner, headers(inner), innerWalk.problems);
            forwarded.add(new Forwarded(from[0], from[1], subject(inner, innerWalk.problems), inner.getHeader("Date", null),
                    innerWalk.text()));
            attachments.addAll(innerWalk.attachments);
            problems.addAll(innerWalk.problems);
        }

        private void attachment(Part p) throws MessagingException {
            String name = filename(p, problems);
            try (InputStream in = p.getInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[16384];
                long size = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                    if (size <= maxAttachmentBytes) out.write(buf, 0, n);
                }
                attachments.add(new AttachmentScreen.Candidate(name, size <= maxAttachmentBytes ? out.toByteArray() : null, size, false));
            } catch (IOException | RuntimeException e) {
                attachments.add(new AttachmentScreen.Candidate(name, null, 0, true));
            }
        }

        private void checkEncoding(Part p) throws MessagingException {
            String[] cte = p.getHeader("Content-Transfer-Encoding");
            if (cte == null || cte.length == 0) return;
            String enc = cte[0].trim().toLowerCase(Locale.ROOT);
            if (!KNOWN_ENCODINGS.contains(enc)) problems.add("EMAIL_TRANSFER_ENCODING_UNKNOWN:" + safe(enc, 40));
        }

        private Multipart multipart(Part p) throws MessagingException, IOException {
            Object content = p.getContent();
            if (!(content instanceof Multipart mp)) {
                problems.add("EMAIL_MIME_BROKEN");
                return null;
            }
            if (mp instanceof MimeMultipart mmp && !mmp.isComplete()) problems.add("EMAIL_MIME_INCOMPLETE");
            return mp;
        }

        /** Decodes a text part's bytes with its declared charset, or a guess when that is missing, unknown or wrong. */
        private String text(Part p, String type) throws MessagingException, IOException {
            byte[] bytes;
            try (InputStream in = p.getInputStream()) {
                bytes = in.readAllBytes();
            } catch (MessagingException | IOException e) {
                // a transfer encoding nobody knows: the bytes as they stand are the best reading there is
                if (!(p instanceof jakarta.mail.internet.MimePart mp)) throw e;
                InputStream raw = p instanceof MimeBodyPart b ? b.getRawInputStream() : ((MimeMessage) p).getRawInputStream();
                try (raw) {
                    bytes = raw.readAllBytes();
                }
            }
            String declared = charset(p);
            return decode(bytes, declared, problems);
        }
    }

    static String decode(byte[] bytes, String declared, Set<String> problems) {
        if (declared == null || declared.isBlank()) {
            if (ascii(bytes)) return new String(bytes, StandardCharsets.US_ASCII);
            String utf8 = strictly(bytes, StandardCharsets.UTF_8);
            problems.add("EMAIL_CHARSET_GUESSED:" + (utf8 != null ? "UTF-8" : "WINDOWS-1252"));
            return utf8 != null ? utf8 : new String(bytes, Charset.forName("windows-1252"));
        }
        Charset cs;
        try {
            cs = Charset.forName(MimeUtility.javaCharset(declared.trim()));
        } catch (RuntimeException e) {
            String utf8 = strictly(bytes, StandardCharsets.UTF_8);
            problems.add("EMAIL_CHARSET_UNKNOWN:" + safe(declared, 40));
            return utf8 != null ? utf8 : new String(bytes, Charset.forName("windows-1252"));
        }
        String name = cs.name();
        if (name.equals("US-ASCII") || name.equals("ISO-8859-1")) {
            if (ascii(bytes)) return new String(bytes, StandardCharsets.US_ASCII);
            if (name.equals("US-ASCII")) {
                String utf8 = strictly(bytes, StandardCharsets.UTF_8);
                problems.add("EMAIL_CHARSET_MISMATCH:US-ASCII");
                if (utf8 != null) return utf8;
            }
            // what mail clients label ISO-8859-1 is in practice Windows-1252 (as browsers read it)
            return new String(bytes, Charset.forName("windows-1252"));
        }
        String strict = strictly(bytes, cs);
        if (strict != null) return strict;
        if (cs.equals(StandardCharsets.UTF_8)) {
            problems.add("EMAIL_CHARSET_MISMATCH:UTF-8");
            return new String(bytes, Charset.forName("windows-1252"));
        }
        problems.add("EMAIL_CHARSET_MISMATCH:" + name);
        return new String(bytes, cs);
    }

    static String strictly(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) if (b < 0) return false;
        return true;
    }

    private static String mediaType(Part p, Walk walk) {
        try {
            String ct = p.getContentType();
            if (ct == null) return "text/plain";
            return new ContentType(ct).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            if (walk != null) walk.problems.add("EMAIL_CONTENT_TYPE_INVALID");
            return "text/plain";
        }
    }

    private static boolean isType(Part p, String type) {
        return type.equals(mediaType(p, null));
    }

    private static String charset(Part p) {
        try {
            String ct = p.getContentType();
            return ct == null ? null : new ContentType(ct).getParameter("charset");
        } catch (MessagingException | RuntimeException e) {
            Matcher m = CHARSET_PARAMETER.matcher(headerOrEmpty(p, "Content-Type"));
            return m.find() ? m.group(1) : null;
        }
    }

    private static String headerOrEmpty(Part p, String name) {
        try {
            String[] v = p.getHeader(name);
            return v == null || v.length == 0 ? "" : v[0];
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String disposition(Part p) {
        try {
            String d = p.getDisposition();
            return d == null ? null : d.toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String parameter(Part p, String name) {
        try {
            String ct = p.getContentType();
            return ct == null ? null : new ContentType(ct).getParameter(name);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String fileNameOrNull(Part p) {
        try {
            return p.getFileName();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The part's file name: Content-Disposition {@code filename}, else Content-Type {@code name}, RFC 2231
     * (charset, continuations) decoded by Jakarta Mail's parameter list; a name given as RFC 2047
     * encoded-words (Outlook, Gmail) or as raw 8-bit bytes is then decoded by {@link HeaderText}.
     */
    private static String filename(Part p, Set<String> problems) {
        String name = null;
        try {
            name = p.getFileName();
            String header = headerOrEmpty(p, "Content-Disposition") + ";" + headerOrEmpty(p, "Content-Type");
            if (name != null && !RFC_2231_NAME.matcher(header).find()) {
                name = name.contains("=?") ? HeaderText.decode(name, "filename", problems) : HeaderText.eightBit(name, problems);
            }
        } catch (MessagingException | RuntimeException ignored) {
            // a broken parameter: named by its Content-ID or not at all
        }
        if (name == null && p instanceof MimeBodyPart mbp) {
            try {
                String cid = mbp.getContentID();
                if (cid != null) name = "cid-" + cid.replaceAll("[<>]", "");
            } catch (MessagingException ignored) {
                // no Content-ID
            }
        }
        name = TextHygiene.fileName(name);
        return name == null ? "lampiran" : name;
    }

    private static Map<String, List<String>> headers(MimeMessage m) throws MessagingException {
        Map<String, List<String>> map = new LinkedHashMap<>();
        Enumeration<Header> all = m.getAllHeaders();
        while (all.hasMoreElements()) {
            Header h = all.nextElement();
            map.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        return map;
    }

    /** [address lower-cased, display name] of the first From address, either null when there is none. */
    private static String[] from(MimeMessage m, Map<String, List<String>> headers, Set<String> problems) {
        Address[] from = null;
        // as getFrom() reads it (From, else Sender; not strict), after the repairs Jakarta Mail does not make
        List<String> raw = headers.getOrDefault("from", headers.getOrDefault("sender", List.of()));
        if (!raw.isEmpty()) {
            try {
                from = InternetAddress.parseHeader(HeaderText.prepare(raw.get(0), problems), false);
            } catch (MessagingException | RuntimeException e) {
                problems.add("EMAIL_FROM_INVALID");
            }
        }
        if (from == null) return new String[] {null, null};
        for (Address a : from) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null && ia.getAddress().matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
                String name = ia.getPersonal();
                if (name != null) HeaderText.checkDecoded(raw.get(0), name, "From", problems);
                if (name != null) name = name.replaceAll("\\p{Cntrl}", "").strip();
                return new String[] {ia.getAddress().toLowerCase(Locale.ROOT), name == null || name.isEmpty() ? null : name};
            }
        }
        problems.add("EMAIL_FROM_INVALID");
        return new String[] {null, null};
    }

    private static String subject(MimeMessage m, Set<String> problems) {
        String raw;
        try {
            raw = m.getHeader("Subject", null);
        } catch (MessagingException | RuntimeException e) {
            raw = null;
        }
        if (raw == null) return null;
        String s = HeaderText.decode(raw, "Subject", problems);
        String cleaned = s.replaceAll("[\\p{Cntrl}&&[^\\t]]", "").replace('\t', ' ').strip();
        if (!cleaned.equals(s.replace('\t', ' ').strip())) problems.add("EMAIL_SUBJECT_CONTROL_CHARS_REMOVED");
        return cleaned;
    }

    private static String messageId(MimeMessage m) {
        try {
            String id = m.getMessageID();
            if (id == null) return null;
            id = id.replaceAll("[\\s\\p{Cntrl}]", "");
            Matcher angle = ANGLE_ID.matcher(id);
            if (angle.find()) return angle.group();
            return id.isEmpty() || id.length() > 900 ? null : "<" + id + ">";
        } catch (MessagingException e) {
            return null;
        }
    }

    private static List<String> ids(List<String> values) {
        if (values == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String v : values) {
            Matcher m = ANGLE_ID.matcher(v);
            while (m.find()) out.add(m.group());
        }
        return Collections.unmodifiableList(out);
    }

    static String safe(String s, int max) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return t.length() > max ? t.substring(0, max) : t;
    }
}

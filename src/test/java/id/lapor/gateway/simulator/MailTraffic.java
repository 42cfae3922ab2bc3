package id.lapor.gateway.simulator;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sample citizen mail for demo mode: each {@link #next} drops one message into the complaint mailbox
 * (plain text, Gmail-style HTML, a phone photo, a [RAHASIA] report, an out-of-office that must be
 * ignored, an executable that must be left out, a reply to an acknowledgement the gateway sent) and
 * logs the acknowledgements the gateway has sent since (subject only: it holds the ticket).
 */
public class MailTraffic {

    private static final Logger log = LoggerFactory.getLogger(MailTraffic.class);
    private static final byte[] JPEG = Base64.getDecoder().decode(
            "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q==");

    private final MailServerSimulator mail;
    private final String mailbox;
    private final AtomicInteger step = new AtomicInteger();
    private int acksShown;

    public MailTraffic(MailServerSimulator mail, String mailbox) {
        this.mail = mail;
        this.mailbox = mailbox;
    }

    // each round of the seven samples happens somewhere else and, but for Budi, is sent by someone else:
    // the same text from the same sender again is a duplicate (by design), which is all a newcomer saw
    // of mail after the first round when the samples repeated word for word
    private static final String[] STREETS = {"Jl. Majapahit", "Jl. Pejanggik", "Jl. Langko", "Jl. Sriwijaya", "Jl. Airlangga", "Jl. Saleh Sungkar"};
    private static final String[] CLINICS = {"Ampenan", "Karang Taliwang", "Cakranegara", "Pagesangan", "Tanjung Karang", "Dasan Agung"};
    private static final String[] OFFICES = {"KTP", "KK", "akta kelahiran", "surat pindah", "KIA", "surat keterangan usaha"};

    public synchronized void next() {
        int n = step.getAndIncrement();
        int round = n / 7;
        String street = STREETS[round % STREETS.length];
        String clinic = CLINICS[round % CLINICS.length];
        String office = OFFICES[round % OFFICES.length];
        String who = round == 0 ? "" : String.valueOf(round); // sender addresses of later rounds
        String id = "<demo-" + n + "-" + System.currentTimeMillis() + "@warga.example.id>";
        String eml = switch (n % 7) {
            case 0 -> plain("Budi Santoso <budi.demo@warga.example.id>", "Jalan berlubang di " + street, id, "",
                    "Selamat pagi,\n\nJalan di depan pasar " + street + " berlubang besar, " + (round + 2) + " motor jatuh minggu ini.\n\nSent from my iPhone");
            case 1 -> "From: Siti Aminah <siti" + who + ".demo@warga.example.id>\r\nTo: " + mailbox + "\r\nSubject: Antrean Puskesmas " + clinic + "\r\nMessage-ID: " + id
                    + "\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Yth. Diskominfo,</p><p>Antrean di Puskesmas " + clinic + ":</p>"
                    + "<ul><li>lebih dari " + (round % 3 + 3) + " jam</li><li>loket hanya satu</li></ul><img src=\"https://track.example/p.gif\" width=1 height=1>\r\n";
            case 2 -> withAttachment("Nyoman <nyoman" + who + ".demo@warga.example.id>", "Pohon tumbang", id, "Pohon tumbang menutup " + street + ".",
                    "image/jpeg", "IMG_0421.JPG", JPEG);
            case 3 -> plain("Pegawai <pegawai" + who + ".demo@warga.example.id>", "[RAHASIA] Pungutan liar pengurusan " + office, id, "",
                    "Petugas loket " + office + " meminta Rp " + (50 + round * 25) + ".000 agar " + office + " cepat jadi.");
            case 4 -> plain("Kepala Dinas <kadis.demo@pu.example.go.id>", "Automatic reply: Jalan rusak", id, "Auto-Submitted: auto-replied\r\n",
                    "Saya sedang cuti sampai 10 Juni.");
            case 5 -> withAttachment("Joko <joko" + who + ".demo@warga.example.id>", "Bukti pungli", id, "Bukti pungutan liar di loket " + office + " terlampir.",
                    "application/octet-stream", "bukti.exe", "MZ\u0090\u0000 not really a program".getBytes(StandardCharsets.ISO_8859_1));
            default -> replyToAck(id);
        };
        if (eml != null) {
            mail.deliver(eml.getBytes(StandardCharsets.UTF_8));
            log.info("mail simulator: delivered sample mail {} to the complaint mailbox", n);
        }
        showAcknowledgements();
    }

    private String plain(String from, String subject, String id, String headers, String body) {
        return "From: " + from + "\r\nTo: " + mailbox + "\r\nSubject: " + subject + "\r\nMessage-ID: " + id + "\r\n" + headers
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n";
    }

    private String withAttachment(String from, String subject, String id, String text, String type, String name, byte[] bytes) {
        return "From: " + from + "\r\nTo: " + mailbox + "\r\nSubject: " + subject + "\r\nMessage-ID: " + id
                + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"demo\"\r\n\r\n--demo\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + text + "\r\n--demo\r\nContent-Type: " + type + "; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\"" + name
                + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(bytes) + "\r\n--demo--\r\n";
    }

    /** Budi answers the acknowledgement he got: the gateway records a follow-up of his complaint. */
    private String replyToAck(String id) {
        List<MimeMessage> acks = mail.sentTo("budi.demo@warga.example.id");
        if (acks.isEmpty()) return null;
        try {
            MimeMessage ack = acks.get(acks.size() - 1);
            return "From: Budi Santoso <budi.demo@warga.example.id>\r\nTo: " + mailbox + "\r\nSubject: Re: " + ack.getSubject()
                    + "\r\nMessage-ID: " + id + "\r\nIn-Reply-To: " + ack.getMessageID() + "\r\nReferences: " + ack.getMessageID()
                    + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTambahan: lubangnya kini selebar satu meter.\r\n\r\n"
                    + "Pada " + ack.getSentDate() + ", Layanan Pengaduan menulis:\r\n> Terima kasih. Pengaduan Anda telah kami terima.\r\n";
        } catch (MessagingException e) {
            return null;
        }
    }

    private static boolean isAcknowledgement(MimeMessage m) {
        try {
            return m.getHeader("Auto-Submitted") != null && m.getMessageID() != null && m.getMessageID().startsWith("<lapor.");
        } catch (MessagingException e) {
            return false;
        }
    }

    private void showAcknowledgements() {
        List<MimeMessage> all = mail.sentTo("@").stream().filter(MailTraffic::isAcknowledgement).toList();
        for (int i = acksShown; i < all.size(); i++) {
            try {
                log.info("mail simulator: acknowledgement received by a citizen: \"{}\"", all.get(i).getSubject());
            } catch (MessagingException e) {
                log.info("mail simulator: acknowledgement received (unreadable subject)");
            }
        }
        acksShown = all.size();
    }
}

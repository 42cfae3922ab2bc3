package id.lapor.gateway.simulator;

import id.lapor.gateway.intake.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted citizen SMS for demo mode and the docker-compose SMSC: each {@link #next} sends one step
 * (a complaint in the field format, free text, a long message in parts out of order, one with a part
 * that never comes, CEK of a ticket the gateway sent back, INFO, an operator promotion) and prints the
 * replies the gateway has sent since, with the number masked.
 */
public class SmsTraffic {

    private static final Logger log = LoggerFactory.getLogger(SmsTraffic.class);

    private static final List<String> NUMBERS = List.of("081805550101", "+6287755500102", "6282155500103", "0819 5550 0104");

    private final SmscSimulator smsc;
    private final String shortCode;
    private final AtomicInteger step = new AtomicInteger();
    private int repliesShown;

    public SmsTraffic(SmscSimulator smsc, String shortCode) {
        this.smsc = smsc;
        this.shortCode = shortCode;
    }

    public synchronized void next() throws Exception {
        if (smsc.boundReceivers() == 0) {
            log.info("SMSC simulator: no gateway bound yet");
            return;
        }
        int n = step.getAndIncrement();
        String from = NUMBERS.get(n % NUMBERS.size()).replace(" ", "");
        int round = n / 8;
        String suffix = round == 0 ? "" : " (ke-" + (round + 1) + ")";
        switch (n % 8) {
            case 0 -> show("LAPOR#field", smsc.sendText(from, shortCode, "LAPOR#Baiq Nurul#Jl. Pejanggik#Trotoar rusak dan berlubang depan kantor pos" + suffix));
            case 1 -> show("free text", smsc.sendText(from, shortCode, "lampu jalan di gang mawar mati semua sejak minggu lalu" + suffix));
            case 2 -> show("3 parts out of order", smsc.sendMultipart(from, shortCode,
                    "Saluran air di Perumahan Griya Pagutan tersumbat, setiap hujan air masuk ke rumah warga setinggi lutut. "
                            + "Sudah lapor ke RT dan kelurahan tapi belum ada tindakan. Mohon dinas PUPR turun." + suffix,
                    SmscSimulator.Concat.UDH8, 70, new int[] {2, 3, 1}).toString());
            case 3 -> show("UCS-2 with emoji", smsc.sendText(from, shortCode, "RAHASIA Pungli di loket samsat 🙏 tolong ditindak" + suffix));
            case 4 -> {
                // asked from the number the ticket was sent to: a confidential complaint's status goes only to its sender
                SmscSimulator.Submitted ack = lastAck();
                show("CEK of the last ticket", ack == null ? smsc.sendText(from, shortCode, "CEK ABCDEFGH1")
                        : smsc.sendText("+" + ack.destination(), shortCode, "CEK " + ticketIn(ack.text())));
            }
            case 5 -> show("INFO", smsc.sendText(from, shortCode, "INFO"));
            case 6 -> show("operator promo", smsc.deliverFromAlphanumeric("TSEL", shortCode, "Promo kuota 20GB!"));
            default -> show("part 2 of 2 never comes", smsc.sendMultipart(from, shortCode,
                    "Bantuan sembako untuk lansia di Desa Sandik belum dibagikan padahal sudah diumumkan bulan lalu." + suffix,
                    SmscSimulator.Concat.SAR, 60, new int[] {1}).toString());
        }
        List<SmscSimulator.Submitted> replies = smsc.submitted();
        for (int i = repliesShown; i < replies.size(); i++) {
            SmscSimulator.Submitted r = replies.get(i);
            log.info("SMSC simulator: reply to {}: {}", PhoneNumbers.mask("+" + r.destination()), r.text());
        }
        repliesShown = replies.size();
    }

    private static final java.util.regex.Pattern TICKET = java.util.regex.Pattern.compile("tiket ([0-9A-Z]{9})");

    private SmscSimulator.Submitted lastAck() {
        List<SmscSimulator.Submitted> replies = smsc.submitted();
        for (int i = replies.size() - 1; i >= 0; i--) {
            if (ticketIn(replies.get(i).text()) != null) return replies.get(i);
        }
        return null;
    }

    private static String ticketIn(String text) {
        var m = TICKET.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static void show(String what, Object status) {
        log.info("SMSC simulator: sent {} (deliver_sm_resp {})", what, status);
    }

    private static void show(String what, int status) {
        show(what, (Object) (status == 0 ? "ESME_ROK" : "0x" + Integer.toHexString(status)));
    }
}

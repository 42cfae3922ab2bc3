package id.lapor.gateway.simulator;

import id.lapor.gateway.intake.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripted citizen chats on WhatsApp for demo mode, through the {@link WhatsAppSimulator}: each {@link #next}
 * POSTs one signed webhook (a conversation in four messages with a photo, which the gateway turns into one
 * complaint after the quiet period; a greeting alone, answered with help; a location; a reaction, ignored; a
 * forged signature, refused 401; CEK of the ticket the gateway sent back) and prints the messages the gateway
 * has sent since (text or template), with the number masked.
 */
public class WhatsAppTraffic {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppTraffic.class);
    private static final Pattern TICKET = Pattern.compile("tiket ([0-9A-Z]{9})");
    private static final List<String> NUMBERS = List.of("6281805550201", "6287755500202", "6282155500203");
    /** A 1×1 PNG: the "photo" of the demo conversation. */
    private static final byte[] PHOTO = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    private final WhatsAppSimulator sim;
    private final Supplier<URI> webhook;
    private final AtomicInteger step = new AtomicInteger();
    private int shown;

    /** @param webhook the gateway's {@code /webhooks/whatsapp} (known once its web server listens) */
    public WhatsAppTraffic(WhatsAppSimulator sim, Supplier<URI> webhook) {
        this.sim = sim;
        this.webhook = webhook;
    }

    public synchronized void next() throws Exception {
        URI uri = webhook.get();
        if (uri == null) return;
        sim.webhook(uri).autoStatuses(true);
        int n = step.getAndIncrement();
        int round = n / 10;
        String from = NUMBERS.get(round % NUMBERS.size());
        String name = List.of("Baiq Nurul", "Lalu Ahmad", "Ni Made Sari").get(round % 3);
        switch (n % 10) {
            case 0 -> show("greeting (part 1 of a conversation)", sim.post(sim.textMessage(sim.newWamid(), from, name, "Selamat pagi min 🙏")));
            case 1 -> show("part 2", sim.post(sim.textMessage(sim.newWamid(), from, name,
                    "Mau lapor, jalan di depan SDN 2 Ampenan berlubang besar sekali.")));
            case 2 -> show("part 3", sim.post(sim.textMessage(sim.newWamid(), from, name,
                    "Sudah dua pengendara motor jatuh minggu ini, malam hari tidak terlihat.")));
            case 3 -> {
                String mediaId = "demo" + System.nanoTime();
                sim.media(mediaId, PHOTO, "image/png");
                show("part 4: a photo", sim.post(sim.mediaMessage(sim.newWamid(), from, name, "image", mediaId, "image/png", "Ini fotonya")));
            }
            case 4 -> show("a location from another citizen", sim.post(sim.locationMessage(sim.newWamid(), NUMBERS.get((round + 1) % 3),
                    "Komang", -8.5833, 116.1167, "Pasar Cakranegara", "Sampah menumpuk di sini")));
            case 5 -> show("a reaction (ignored)", sim.post(sim.reactionMessage(sim.newWamid(), from, name, "wamid.ANY", "👍")));
            case 6 -> show("a forged signature (refused)", sim.postForged(sim.textMessage(sim.newWamid(), from, name, "palsu")));
            case 7 -> show("a greeting alone (answered with help)", sim.post(sim.textMessage(sim.newWamid(), "6281399900" + (100 + round % 900),
                    "Dewi", "Halo, selamat siang")));
            case 8 -> {
                String ticket = lastTicket();
                show("CEK " + (ticket == null ? "(no ticket yet)" : ticket), sim.post(sim.textMessage(sim.newWamid(), from, name,
                        "CEK " + (ticket == null ? "ABCDEFGH1" : ticket))));
            }
            default -> log.info("WhatsApp simulator: (quiet, so the conversation closes)");
        }
        List<WhatsAppSimulator.Sent> sent = sim.sent();
        for (int i = shown; i < sent.size(); i++) {
            WhatsAppSimulator.Sent s = sent.get(i);
            log.info("WhatsApp simulator: {} to {}: {}", s.type(), PhoneNumbers.mask("+" + s.to()),
                    "template".equals(s.type()) ? s.templateName() + "(" + s.text() + ")" : s.text());
        }
        shown = sent.size();
    }

    private String lastTicket() {
        List<WhatsAppSimulator.Sent> sent = sim.sent();
        for (int i = sent.size() - 1; i >= 0; i--) {
            Matcher m = TICKET.matcher(sent.get(i).text() == null ? "" : sent.get(i).text());
            if (m.find()) return m.group(1);
        }
        return null;
    }

    private static void show(String what, int status) {
        log.info("WhatsApp simulator: sent {} (HTTP {})", what, status);
    }
}

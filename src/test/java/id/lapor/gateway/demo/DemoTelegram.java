package id.lapor.gateway.demo;

import id.lapor.gateway.simulator.TelegramSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demo mode: citizens chatting with the Telegram bot through the in-process Bot API simulator, one step per
 * tick: a conversation in four messages with a photo (one complaint after the quiet period, acknowledged in
 * the chat), a group message (ignored), a second citizen who edits a message while the conversation is open,
 * a CEK of the first ticket, and an edit after the complaint was stored (a revision). Then the script runs
 * again with new citizens. Replies the gateway sends are logged.
 */
public class DemoTelegram {

    private static final Logger log = LoggerFactory.getLogger(DemoTelegram.class);
    private static final Pattern TICKET = Pattern.compile("tiket ([0-9A-Z]{9})");

    private final ObjectProvider<TelegramSimulator> telegram;
    private int step;
    private int round;
    private long editable;
    private int logged;

    public DemoTelegram(ObjectProvider<TelegramSimulator> telegram) {
        this.telegram = telegram;
    }

    public void next() throws IOException {
        TelegramSimulator t = telegram.getIfAvailable();
        if (t == null) return;
        long siti = 6100001 + round * 10L;
        long budi = 6100002 + round * 10L;
        switch (step++ % 16) {
            case 0 -> t.text(siti, "Siti", "Selamat pagi");
            case 1 -> t.text(siti, "Siti", "Saya mau lapor jalan berlubang besar di Jl. Pejanggik depan SDN 5 Mataram.");
            case 2 -> t.photo(siti, "Siti", photo(round), "Ini fotonya, lubangnya dalam", null);
            case 3 -> t.text(siti, "Siti", "Kemarin ada pengendara motor jatuh. Mohon segera diperbaiki 🙏");
            case 4 -> t.groupText(-4001000 - round, siti, "Siti", "Warga RT 05, ada yang tahu jadwal posyandu?");
            case 5 -> editable = t.text(budi, "Budi", "Lampu jalan mati di Jl. Langko");
            case 6 -> t.edit(budi, "Budi", editable, "Lampu jalan mati di Jl. Langko depan Kantor Pos, sudah seminggu gelap");
            // after the quiet period (20 s in demo mode) both conversations are complaints and acknowledged
            case 13 -> t.text(siti, "Siti", "CEK " + ticketOf(t, siti));
            case 14 -> t.edit(budi, "Budi", editable, "Lampu jalan mati di Jl. Langko No. 12 depan Kantor Pos, sudah seminggu gelap");
            case 15 -> round++;
            default -> { }
        }
        for (TelegramSimulator.Sent s : t.sent().subList(logged, t.sent().size())) {
            log.info("demo Telegram: the bot answered chat {}: {}", s.chatId(), s.text());
        }
        logged = t.sent().size();
    }

    private static String ticketOf(TelegramSimulator t, long chat) {
        String ticket = "000000000";
        for (TelegramSimulator.Sent s : t.sent()) {
            Matcher m = TICKET.matcher(s.text());
            if (s.chatId().equals(Long.toString(chat)) && m.find()) ticket = m.group(1);
        }
        return ticket;
    }

    private static byte[] photo(int seed) throws IOException {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90, 80 + seed % 100, 70));
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(90, 80, 140, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}

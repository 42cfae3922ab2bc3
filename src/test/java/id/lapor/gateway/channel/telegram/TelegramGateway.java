package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts whole gateways with Telegram on for the routed tests: a store per id (H2 file or a PostgreSQL schema). */
final class TelegramGateway {

    static final String TOKEN = "123456:TEST-token_abc";

    private TelegramGateway() {}

    static List<String> args(String id, String baseUrl, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "--spring.profiles.active=test", "--server.port=0",
                "--gateway.data-dir=" + Path.of("target", "test-data", "telegram-" + id).toAbsolutePath(),
                "--gateway.cluster.dir=" + Path.of("target", "test-data", "telegram-" + id, "cluster").toAbsolutePath(),
                "--lapor.base-url=" + TestSimulator.get().baseUrl(),
                "--channels.letters.enabled=false",
                "--channels.telegram.enabled=true", "--channels.telegram.base-url=" + baseUrl,
                "--channels.telegram.token=" + TOKEN,
                "--channels.telegram.poll-timeout=1s", "--channels.telegram.poll-interval=100",
                "--channels.telegram.conversation.quiet-period=2s", "--channels.telegram.conversation.media-wait=20s",
                "--channels.telegram.media.retry-delay=200ms", "--channels.telegram.media.max-attempts=3",
                "--channels.telegram.replies.poll-interval=200",
                "--gateway.chat.close-interval=200", "--gateway.chat.media-interval=200"));
        for (String m : more) {
            String key = m.substring(0, m.indexOf('=') + 1);
            a.removeIf(x -> x.startsWith(key));
            a.add(m);
        }
        if (TestEnvironment.postgres()) {
            a.add("--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema("tg" + id));
            a.add("--spring.datasource.username=" + TestEnvironment.PG_USER);
        }
        return a;
    }

    static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    /** A small real JPEG (Tika types it image/jpeg), different per {@code seed}. */
    static byte[] jpeg(int seed) {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(seed * 40 % 256, 120, 200 - seed * 30 % 200));
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.WHITE);
        g.drawString(Integer.toString(seed), 10, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Telegram enabled without its secrets stops start-up with a message naming the environment variable. */
class TelegramStartupTest {

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable r = t; r != null; r = r.getCause()) all.append(r.getMessage()).append('\n');
        return all.toString();
    }

    private static void start(String dir, String... more) {
        String[] base = {"--server.port=0", "--gateway.data-dir=" + Path.of("target", dir).toAbsolutePath(),
                "--lapor.base-url=http://127.0.0.1:1/api/v3", "--lapor.bearer=b", "--lapor.token=t", "--lapor.user-id=1",
                "--gateway.security.admin.password=x", "--channels.letters.enabled=false", "--channels.telegram.enabled=true"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
        new SpringApplicationBuilder(GatewayApplication.class).run(args).close();
    }

    @Test
    void enabledWithoutTheBotTokenNamesTelegramBotToken() {
        assertThatThrownBy(() -> start("tg-startup-1", "--channels.telegram.token="))
                .satisfies(t -> assertThat(messages(t)).contains("TELEGRAM_BOT_TOKEN").doesNotContain("TELEGRAM_WEBHOOK_SECRET"));
    }

    @Test
    void webhookModeWithoutTheSecretNamesTelegramWebhookSecret() {
        assertThatThrownBy(() -> start("tg-startup-2", "--channels.telegram.token=1:abc", "--channels.telegram.mode=WEBHOOK",
                "--channels.telegram.webhook-secret="))
                .satisfies(t -> assertThat(messages(t)).contains("TELEGRAM_WEBHOOK_SECRET").doesNotContain("TELEGRAM_BOT_TOKEN"));
    }
}

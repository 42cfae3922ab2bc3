package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WhatsApp enabled without a secret stops start-up with a message naming the missing environment variable. */
class WhatsAppStartupTest {

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable r = t; r != null; r = r.getCause()) all.append(r.getMessage()).append('\n');
        return all.toString();
    }

    private static void start(String dir, String... more) {
        String[] base = {"--server.port=0", "--gateway.data-dir=" + Path.of("target", dir).toAbsolutePath(),
                "--lapor.base-url=http://127.0.0.1:1/api/v3", "--lapor.bearer=b", "--lapor.token=t", "--lapor.user-id=1",
                "--gateway.security.admin.password=x", "--channels.letters.enabled=false", "--channels.whatsapp.enabled=true",
                "--channels.whatsapp.phone-number-id=109999000000001"};
        new SpringApplicationBuilder(GatewayApplication.class).run(Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new)).close();
    }

    @Test
    void enabledWithoutTheAppSecretNamesWhatsAppAppSecretOnly() {
        assertThatThrownBy(() -> start("wa-startup-1", "--channels.whatsapp.access-token=tok", "--channels.whatsapp.verify-token=v",
                "--channels.whatsapp.app-secret="))
                .satisfies(t -> assertThat(messages(t)).contains("WHATSAPP_APP_SECRET")
                        .doesNotContain("WHATSAPP_ACCESS_TOKEN").doesNotContain("WHATSAPP_VERIFY_TOKEN"));
    }

    @Test
    void enabledWithoutAnySecretNamesAllThree() {
        assertThatThrownBy(() -> start("wa-startup-2", "--channels.whatsapp.access-token=", "--channels.whatsapp.verify-token=",
                "--channels.whatsapp.app-secret="))
                .satisfies(t -> assertThat(messages(t)).contains("WHATSAPP_APP_SECRET").contains("WHATSAPP_ACCESS_TOKEN")
                        .contains("WHATSAPP_VERIFY_TOKEN"));
    }
}

package id.lapor.gateway.console;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console shows of raw input and typed names: nothing that changes how the page reads. */
class RawViewTest {

    @Test
    void aBidiOverrideInAFileNameIsShownNotObeyed() {
        // "surat<RLO>fdp.exe" renders as "suratexe.pdf" when the override is obeyed
        assertThat(RawView.visible("surat\u202Efdp.exe")).isEqualTo("surat\\u202efdp.exe");
        assertThat(RawView.visible("a\u2066b\u2069c\u200Fd\u061Ce")).isEqualTo("a\\u2066b\\u2069c\\u200fd\\u061ce");
    }

    @Test
    void controlsAndSeparatorsAreEscapedAndEverythingElseKept() {
        assertThat(RawView.visible("bel\u0007 nul\u0000 ls\u2028")).isEqualTo("bel\\u0007 nul\\u0000 ls\\u2028");
        assertThat(RawView.visible("Jalan rusak 😢 تلفون\tbaris\r\n")).isEqualTo("Jalan rusak 😢 تلفون\tbaris\r\n");
        assertThat(RawView.of("surat\u202E".getBytes(StandardCharsets.UTF_8), "text/plain").text()).isEqualTo("surat\\u202e");
    }
}

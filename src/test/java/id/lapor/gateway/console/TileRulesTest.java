package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.forward.StatusSync;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.util.List;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Tile colours and reasons from health and last input, without Spring. */
class TileRulesTest {

    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static final Duration QUIET = Duration.ofHours(24);

    static Tile channel(Channel c, boolean on, Health h, Instant last) {
        return TileRules.channel(c, on, h, last, NOW, QUIET, Instant::toString);
    }

    @Test
    void chatChannelsAreJudgedByTheirOwnEntryOfTheChatComponent() {
        Health chat = Health.down()
                .withDetail("telegram", java.util.Map.of("status", "DOWN", "mode", "polling", "failures_in_a_row", 6,
                        "problems", java.util.List.of("6 polling failures in a row (last: HTTP 502)")))
                .withDetail("whatsapp", java.util.Map.of("status", "UP", "mode", "webhook", "failures_in_a_row", 0))
                .build();
        Tile telegram = channel(Channel.TELEGRAM, true, TileRules.chatChannel(chat, Channel.TELEGRAM), NOW);
        assertThat(telegram.colour()).isEqualTo(Tile.Colour.RED);
        assertThat(telegram.reason()).isEqualTo("tile.channel.down");
        assertThat(telegram.args()).containsExactly("[6 polling failures in a row (last: HTTP 502)]");
        assertThat(telegram.details()).contains("mode: polling").noneMatch(d -> d.startsWith("whatsapp"));
        Tile whatsapp = channel(Channel.WHATSAPP, true, TileRules.chatChannel(chat, Channel.WHATSAPP), NOW.minusSeconds(30));
        assertThat(whatsapp.colour()).isEqualTo(Tile.Colour.GREEN);
        assertThat(whatsapp.details()).contains("mode: webhook");
        assertThat(TileRules.chatChannel(Health.up().withDetail("channels", "no chat channel enabled").build(), Channel.TELEGRAM)).isNull();
        assertThat(TileRules.chatChannel(null, Channel.WHATSAPP)).isNull();
    }

    @Test
    void channelColours() {
        assertThat(channel(Channel.SMS, false, null, null).colour()).isEqualTo(Tile.Colour.GREY);
        Tile bind = channel(Channel.SMS, true, Health.down().withDetail("error", "connection refused").build(), NOW);
        assertThat(bind.colour()).isEqualTo(Tile.Colour.RED);
        assertThat(bind.reason()).isEqualTo("tile.sms.down");
        assertThat(bind.args()).containsExactly("connection refused");
        Tile mail = channel(Channel.EMAIL, true, Health.down().withDetail("error", "AUTHENTICATIONFAILED").build(), NOW);
        assertThat(mail.reason()).isEqualTo("tile.email.down");
        Tile quiet = channel(Channel.EMAIL, true, Health.up().build(), NOW.minus(Duration.ofHours(30)));
        assertThat(quiet.colour()).isEqualTo(Tile.Colour.AMBER);
        assertThat(quiet.reason()).isEqualTo("tile.quiet");
        assertThat(quiet.args()).containsExactly("2026-11-29T04:00:00Z", 24L);
        assertThat(channel(Channel.SOCIAL, true, null, null).reason()).isEqualTo("tile.quiet.never");
        Tile ok = channel(Channel.SOCIAL, true, null, NOW.minusSeconds(60));
        assertThat(ok.colour()).isEqualTo(Tile.Colour.GREEN);
    }

    @Test
    void laporColours() {
        Health open = Health.down().withDetail("circuit", "OPEN").withDetail("failed_calls_in_window", 5).withDetail("reachable", false).build();
        assertThat(TileRules.lapor(open, 0, NONE_MISSING, Duration.ZERO, Duration.ofHours(1)).reason()).isEqualTo("tile.lapor.open");
        Health unreachable = Health.down().withDetail("circuit", "CLOSED").withDetail("reachable", false).withDetail("last_probe_error", "timeout").build();
        Tile t = TileRules.lapor(unreachable, 0, NONE_MISSING, Duration.ZERO, Duration.ofHours(1));
        assertThat(t.colour()).isEqualTo(Tile.Colour.RED);
        assertThat(t.args()).containsExactly("timeout");
        Health up = Health.up().withDetail("circuit", "CLOSED").withDetail("reachable", true).build();
        assertThat(TileRules.lapor(up, 2, NONE_MISSING, Duration.ZERO, Duration.ofHours(1)).reason()).isEqualTo("tile.lapor.parked");
        assertThat(TileRules.lapor(up, 0, NONE_MISSING, Duration.ofHours(2), Duration.ofHours(1)).reason()).isEqualTo("tile.lapor.slow");
        assertThat(TileRules.lapor(up, 0, NONE_MISSING, Duration.ZERO, Duration.ofHours(1)).colour()).isEqualTo(Tile.Colour.GREEN);
        assertThat(TileRules.lapor(Health.up().withDetail("circuit", "HALF_OPEN").withDetail("reachable", true).build(), 0,
                NONE_MISSING, Duration.ZERO, Duration.ofHours(1)).colour()).isEqualTo(Tile.Colour.AMBER);
    }

    private static final StatusSync.Missing NONE_MISSING = new StatusSync.Missing(0, List.of());

    @Test
    void complaintsLaporDoesNotKnowTurnTheTileAmberAndAreNamed() {
        Health up = Health.up().withDetail("circuit", "CLOSED").withDetail("reachable", true).build();
        StatusSync.Missing twelve = new StatusSync.Missing(12, List.of("A1", "B2"));
        Tile t = TileRules.lapor(up, 0, twelve, Duration.ZERO, Duration.ofHours(1));
        assertThat(t.colour()).isEqualTo(Tile.Colour.AMBER);
        // twelve marked, two listed: the reason says only the oldest two are below (before: "their tickets are below")
        assertThat(t.reason()).isEqualTo("tile.lapor.missingMore");
        assertThat(t.args()).containsExactly(12L, "A1, B2", 2);
        StatusSync.Missing two = new StatusSync.Missing(2, List.of("A1", "B2"));
        assertThat(TileRules.lapor(up, 0, two, Duration.ZERO, Duration.ofHours(1)).reason()).isEqualTo("tile.lapor.missing");
        var bundles = id.lapor.gateway.support.MessageBundles.gateway();
        assertThat(bundles.getMessage(t.reason(), t.args(), java.util.Locale.forLanguageTag("id")))
                .startsWith("12 aduan tidak ditemukan LAPOR! saat cek status (HTTP 404); 2 yang paling lama ditandai ada di bawah");
        assertThat(bundles.getMessage(t.reason(), t.args(), java.util.Locale.ENGLISH))
                .startsWith("12 complaints not found by LAPOR! at status sync (HTTP 404); the 2 marked longest are below");
        assertThat(t.details()).contains("lapor_missing: 12 (A1, B2, …)");
        // the page links each named ticket to its complaint, where the admin re-sends or closes it
        assertThat(t.tickets()).containsExactly("A1", "B2");
        assertThat(TileRules.lapor(up, 0, NONE_MISSING, Duration.ZERO, Duration.ofHours(1)).tickets()).isEmpty();
        // parked complaints still lead (an admin must act on them), the missing ones stay in the details
        Tile both = TileRules.lapor(up, 3, twelve, Duration.ZERO, Duration.ofHours(1));
        assertThat(both.reason()).isEqualTo("tile.lapor.parked");
        // and still linked: parked rows leading the tile must not hide where the admin acts on the missing ones
        assertThat(both.tickets()).containsExactly("A1", "B2");
        assertThat(both.details()).contains("lapor_missing: 12 (A1, B2, …)");
    }
}

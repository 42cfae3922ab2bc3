package id.lapor.gateway.intake;

import id.lapor.gateway.channel.social.SocialNormaliser;
import id.lapor.gateway.channel.social.SocialProperties;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A quarantined input becomes a complaint when replayed after the configuration that refused it changed. */
@GatewayIntegrationTest
class QuarantineReplayIntegrationTest {

    @Autowired ProducerTemplate camel;
    @Autowired QuarantineStore store;
    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired TransactionTemplate tx;

    @Test
    void replayAfterAConfigurationChangeStoresTheComplaintOnce() {
        String raw = "{\"platform\":\"mastodon\",\"post_url\":\"https://mastodon.social/@warga/" + System.nanoTime()
                + "\",\"author_handle\":\"warga\",\"text\":\"Trotoar rusak di Jl. Pejanggik\"}";
        IntakeReceipt refused = camel.requestBody("direct:social-report", raw.getBytes(StandardCharsets.UTF_8), IntakeReceipt.class);
        assertThat(refused.outcome()).isEqualTo(IntakeReceipt.Outcome.QUARANTINED);

        // the operator adds the platform to channel-config/social.yaml and replays
        SocialNormaliser widened = new SocialNormaliser(new SocialProperties(true, "admin-flags", 5000, 8_000_000, 5_000_000,
                List.of("x", "mastodon")));
        QuarantineReplay replay = new QuarantineReplay(store, intake, List.of(widened), tx, Clock.systemUTC());
        QuarantineReplay.Result r = replay.replay(refused.quarantineId()).orElseThrow();

        assertThat(r.state()).isEqualTo(QuarantineStore.State.REPLAYED);
        assertThat(ledger.find(r.ticket()).orElseThrow().status()).isIn(ComplaintStatus.RECEIVED, ComplaintStatus.FORWARDED);
        assertThat(ledger.find(r.ticket()).orElseThrow().channel()).isEqualTo(Channel.SOCIAL);
        QuarantineStore.Item item = store.find(refused.quarantineId()).orElseThrow();
        assertThat(item.state()).isEqualTo(QuarantineStore.State.REPLAYED);
        assertThat(item.replayedTicket()).isEqualTo(r.ticket());
        assertThat(item.replayCount()).isEqualTo(1);
        // replaying again is refused: the item is no longer open
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay.replay(refused.quarantineId()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("REPLAYED");
    }
}

package id.lapor.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lease arithmetic ({@link LeaseTimes}) and the choice of cluster service ({@link ClusterType}), without Camel. */
class LeaseTimesTest {

    @Test
    void theLeaderGivesUpTwoRenewalsBeforeOthersMayTakeTheLock() {
        LeaseTimes t = new LeaseTimes(Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(t.giveUpAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(t.checkEvery()).isEqualTo(Duration.ofMillis(500));
        // the give-up point plus a check period plus stopping stays inside the lease others wait for
        assertThat(t.giveUpAfter().plus(t.checkEvery())).isLessThan(t.lease());
        assertThat(t.mustGiveUp(1_000, 1_000 + 5_999)).isFalse();
        assertThat(t.mustGiveUp(1_000, 1_000 + 6_000)).isTrue();
    }

    @Test
    void aLeaseShorterThanThreeRenewalsIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new LeaseTimes(Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.cluster.lease");
        assertThatThrownBy(() -> new LeaseTimes(Duration.ofSeconds(5), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.cluster.renew");
        assertThat(new LeaseTimes(Duration.ofSeconds(6), Duration.ofSeconds(2)).giveUpAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void jdbcOnPostgresqlFileOtherwiseUnlessConfigured() {
        assertThat(ClusterType.choose(null, "jdbc:postgresql://db:5432/lapor")).isEqualTo(ClusterType.JDBC);
        assertThat(ClusterType.choose(null, "jdbc:h2:file:./data/ledger;MODE=PostgreSQL")).isEqualTo(ClusterType.FILE);
        assertThat(ClusterType.choose(null, null)).isEqualTo(ClusterType.FILE);
        assertThat(ClusterType.choose(ClusterType.KUBERNETES, "jdbc:postgresql://db/lapor")).isEqualTo(ClusterType.KUBERNETES);
        assertThat(ClusterType.choose(ClusterType.FILE, "jdbc:postgresql://db/lapor")).isEqualTo(ClusterType.FILE);
    }
}

package id.lapor.gateway.bench;

import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.simulator.TelegramSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=TelegramPollingBenchmark} (embedded H2; add {@code -Ppostgres}).
 * The Bot API simulator holds N text updates (from N/10 private chats, ten messages each) before the
 * gateway starts polling; the gateway reads them with getUpdates in batches of {@code limit} = 100 and
 * stores each as a conversation part (committed) before the offset moves. Measured: from the first
 * getUpdates to the store's cursor passing the last update, updates per second; then every update is
 * checked to be stored exactly once. Conversations are not closed during the run (quiet period 10 min),
 * so the figure is the polling intake alone. Three runs, each on a fresh store.
 */
@Tag("benchmark")
class TelegramPollingBenchmark {

    static final int N = Integer.getInteger("bench.n", 5000);
    static final String TOKEN = "123456:bench-token";

    @Test
    void pollingStoresUpdatesInBatchesOf100() throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < 3; run++) rates.add(once());
        System.out.printf(Locale.ROOT, "TELEGRAM POLLING: %d updates, batches of 100, store %s: %s updates/s%n", N,
                TestEnvironment.postgres() ? "PostgreSQL" : "H2 file", rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }

    double once() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (TelegramSimulator telegram = new TelegramSimulator(0, TOKEN)) {
            for (int i = 0; i < N; i++) {
                long user = 7_000_000 + i % (N / 10);
                telegram.text(user, "Warga " + user, "Aduan nomor " + i + ": jalan rusak di RT " + (i % 40) + ", mohon diperbaiki 🙏");
            }
            long last = telegram.lastUpdateId();
            List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                    "--gateway.data-dir=" + Path.of("target", "bench-data", "telegram-" + id).toAbsolutePath(),
                    "--lapor.base-url=" + TestSimulator.get().baseUrl(), "--channels.letters.enabled=false",
                    "--channels.telegram.enabled=true", "--channels.telegram.base-url=" + telegram.baseUrl(),
                    "--channels.telegram.token=" + TOKEN, "--channels.telegram.limit=100", "--channels.telegram.poll-timeout=1s",
                    "--channels.telegram.conversation.quiet-period=10m", "--logging.level.id.lapor.gateway=WARN"));
            if (TestEnvironment.postgres()) {
                args.add("--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema("tb" + id));
                args.add("--spring.datasource.username=" + TestEnvironment.PG_USER);
            }
            try (ConfigurableApplicationContext gw = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new))) {
                ChatConversations store = gw.getBean(ChatConversations.class);
                // the first getUpdates starts the clock
                while (telegram.getUpdatesCalls() == 0) Thread.sleep(1);
                long start = System.nanoTime();
                while (store.cursor(Channel.TELEGRAM, "telegram-bot").orElse(0) <= last) Thread.sleep(2);
                double seconds = (System.nanoTime() - start) / 1e9;
                NamedParameterJdbcTemplate jdbc = gw.getBean(NamedParameterJdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT external_id) FROM chat_part", new MapSqlParameterSource(), Integer.class))
                        .isEqualTo(N);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_part", new MapSqlParameterSource(), Integer.class)).isEqualTo(N);
                double rate = N / seconds;
                System.out.printf(Locale.ROOT, "telegram polling run: %d updates in %.2f s = %.0f updates/s (%d getUpdates calls)%n",
                        N, seconds, rate, telegram.getUpdatesCalls());
                return rate;
            }
        }
    }
}

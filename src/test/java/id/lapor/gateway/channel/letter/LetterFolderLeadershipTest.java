package id.lapor.gateway.channel.letter;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway nodes share one letters folder: the folder consumer runs under {@code master:} with the
 * file-lock cluster service (as routes/letters.yaml and ClusterConfiguration set it up), so only the
 * node holding the lock reads files, with the same move-after-completion option the route uses; when
 * that node stops, the other takes over and reads what arrives next. Each node is a CamelContext
 * with its own cluster service, in one JVM (a second lock on the file fails just as in another process).
 */
class LetterFolderLeadershipTest {

    @TempDir Path tmp;
    final Map<String, List<String>> readBy = new ConcurrentHashMap<>();

    private CamelContext node(String id, Path inbox, Path cluster) throws Exception {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(id);
        service.setRoot(cluster.toString());
        service.setAcquireLockDelay(200);
        service.setAcquireLockDelayUnit(TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(500);
        service.setAcquireLockIntervalUnit(TimeUnit.MILLISECONDS);
        CamelContext camel = new DefaultCamelContext();
        camel.addService(service);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:letters:file:" + inbox + "?readLock=changed&readLockMinAge=200&readLockCheckInterval=100"
                        + "&move=${exchangeProperty.letterTarget}&delay=100")
                        .setProperty("letterTarget", simple("processed/${file:name}"))
                        .process(e -> readBy.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                                .add(e.getMessage().getHeader("CamelFileNameOnly", String.class)));
            }
        });
        camel.start();
        return camel;
    }

    @Test
    void oneNodeReadsTheFolderAndTheOtherTakesOverWhenItStops() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path cluster = tmp.resolve("cluster");
        CamelContext a = node("node-a", inbox, cluster);
        // node-a holds the lock before node-b exists (a fixed sleep here lost the race on a loaded machine
        // when node-a's first attempt, 200 ms after start, came late: then node-b could be the leader)
        await().atMost(Duration.ofSeconds(30)).until(() -> a.hasService(FileLockClusterService.class).isLeader("letters"));
        CamelContext b = node("node-b", inbox, cluster);
        try {
            for (int i = 0; i < 6; i++) Files.writeString(inbox.resolve("surat-" + i + ".txt"), "Jalan rusak " + i);
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> Files.list(inbox.resolve("processed")).count() == 6);
            assertThat(readBy.get("node-a")).hasSize(6);
            assertThat(readBy.get("node-b")).as("the follower reads nothing").isNull();

            a.stop();
            Files.writeString(inbox.resolve("surat-after.txt"), "Lampu mati");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("processed/surat-after.txt")));
            assertThat(readBy.get("node-b")).containsExactly("surat-after.txt");
            assertThat(readBy.get("node-a")).hasSize(6);
        } finally {
            b.stop();
            a.stop();
        }
    }
}

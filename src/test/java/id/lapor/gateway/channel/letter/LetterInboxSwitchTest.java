package id.lapor.gateway.channel.letter;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code routes/letters.yaml} in a plain CamelContext: the folder consumer runs only when the
 * channel is enabled AND the folder is watched. A disabled channel with {@code inbox.watch: true} (the
 * default) must leave a dropped file where it is.
 */
class LetterInboxSwitchTest {

    @TempDir Path tmp;

    private CamelContext letters(boolean enabled, boolean watch, Path inbox) throws Exception {
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setRoot(tmp.resolve("cluster").toString());
        cluster.setAcquireLockDelay(100);
        cluster.setAcquireLockDelayUnit(TimeUnit.MILLISECONDS);
        CamelContext camel = new DefaultCamelContext();
        camel.addService(cluster);
        Properties p = new Properties();
        p.put("channels.letters.enabled", String.valueOf(enabled));
        p.put("channels.letters.inbox.watch", String.valueOf(watch));
        p.put("channels.letters.inbox.dir", inbox.toString());
        p.put("channels.letters.inbox.settle-time", "100");
        p.put("channels.letters.inbox.poll-interval", "100");
        p.put("channels.letters.ocr.workers", "1");
        camel.getPropertiesComponent().setInitialProperties(p);
        // as LetterConfiguration makes it
        camel.getRegistry().bind("letterInbox", new LetterInbox(inbox, "loket-surat", enabled && watch));
        camel.getRegistry().bind("letterReadLock", new LetterReadLock(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1),
                new SettleWatch(java.time.Duration.ofMinutes(5), java.time.Clock.systemUTC()), null));
        camel.getRegistry().bind("letterRepeatedFailures", new id.lapor.gateway.intake.RepeatedFailures(5, null, null));
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/errors.yaml"));
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/letters.yaml"));
        camel.start();
        return camel;
    }

    @Test
    void aDisabledChannelDoesNotReadTheFolderEvenWhenTheFolderIsWatched() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Files.writeString(inbox.resolve("surat.txt"), "Jalan rusak di Desa Kuripan");
        try (CamelContext camel = letters(false, true, inbox)) {
            assertThat(camel.getRouteController().getRouteStatus("letter-inbox")).isEqualTo(ServiceStatus.Stopped);
            Thread.sleep(1500); // several poll intervals and settle times
            assertThat(inbox.resolve("surat.txt")).as("left in the inbox").exists();
            assertThat(inbox.resolve("processed")).isEmptyDirectory();
            assertThat(inbox.resolve("failed")).isEmptyDirectory();
        }
    }

    @Test
    void theFolderIsReadOnlyWhenTheChannelIsEnabledAndTheFolderWatched() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        try (CamelContext camel = letters(true, false, inbox)) {
            assertThat(camel.getRouteController().getRouteStatus("letter-inbox")).isEqualTo(ServiceStatus.Stopped);
        }
        try (CamelContext camel = letters(true, true, inbox)) {
            assertThat(camel.getRouteController().getRouteStatus("letter-inbox")).isEqualTo(ServiceStatus.Started);
        }
    }
}

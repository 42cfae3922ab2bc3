package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.ops.GatewayMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The letters inbox's read lock (endpoint option {@code exclusiveReadLockStrategy=#letterReadLock} in
 * {@code routes/letters.yaml}): Camel's own {@code changed} strategy decides whether a file has settled
 * (size and time unchanged for {@code settle-time}, a zero-byte file included; each poll waits at most
 * {@code settle-timeout} per file), and {@link SettleWatch} remembers across polls how long a file has
 * failed to settle. Once that is {@code give-up-after} or more, the file is taken as it is and exchange
 * property {@value #UNSETTLED} says for how long it waited; {@link LetterNormaliser} refuses it with
 * that reason, and it moves to {@code failed/} with its reason file like any refused letter. So no file
 * stays in the inbox unnoticed, and a poll never waits longer than {@code settle-timeout} on one file.
 *
 * <p>Camel only applies the {@code readLock*} endpoint options to strategies it makes itself, so the
 * settings come from {@code channels.letters.inbox} here. The {@code .camelLock} marker file is kept
 * (Camel's default): with {@code master:} one node reads the folder, but an election can briefly have
 * two leaders. A file whose marker another reader holds counts as not settled too.
 */
public class LetterReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    /** Exchange property: the {@link Duration} a file waited to settle before it was taken as it is. */
    public static final String UNSETTLED = "letterUnsettledFor";

    private static final Logger log = LoggerFactory.getLogger(LetterReadLock.class);

    private final FileChangedExclusiveReadLockStrategy changed = new FileChangedExclusiveReadLockStrategy();
    private final SettleWatch watch;
    private final GatewayMetrics metrics;

    /**
     * @param settleTime    a file is read once its size and time have not changed for this long
     * @param settleTimeout at most this long one poll waits for one file to settle
     * @param watch         how long each file has been waiting, across polls, and when to give up
     * @param metrics       counts {@code gateway_inputs_given_up_total{channel="letter",why="unsettled"}}; may be null
     */
    public LetterReadLock(Duration settleTime, Duration settleTimeout, SettleWatch watch, GatewayMetrics metrics) {
        this.watch = watch;
        this.metrics = metrics;
        changed.setMinAge(settleTime.toMillis());
        // a zero-byte file settles like any other and is refused ("empty file"), never waited for
        changed.setMinLength(0);
        changed.setTimeout(Math.max(1, settleTimeout.toMillis()));
        changed.setCheckInterval(Math.max(10, Math.min(250, settleTime.toMillis() / 2)));
        changed.setReadLockLoggingLevel(LoggingLevel.DEBUG);
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) throws Exception {
        changed.prepareOnStartup(operations, endpoint);
    }

    /**
     * True when the file settled, or when it has not settled for {@code give-up-after} (then with
     * property {@value #UNSETTLED}); false to skip it this poll.
     */
    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        String path = file.getAbsoluteFilePath();
        if (changed.acquireExclusiveReadLock(operations, file, exchange)) {
            watch.settled(path);
            return true;
        }
        if (Thread.currentThread().isInterrupted() || !Files.exists(Path.of(path))) {
            // stopping, or the file was taken away meanwhile: nothing to hold against it
            watch.settled(path);
            return false;
        }
        Optional<Duration> waited = watch.notSettled(path);
        if (waited.isEmpty()) {
            log.debug("letter file {} has not settled yet; left for the next poll", file.getFileNameOnly());
            return false;
        }
        log.warn("letter file {} has not settled for {} s: taken as it is now and refused", file.getFileNameOnly(), waited.get().toSeconds());
        if (metrics != null) metrics.inputGivenUp(Channel.LETTER, "unsettled");
        exchange.setProperty(UNSETTLED, waited.get());
        return true;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        changed.releaseExclusiveReadLockOnAbort(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        changed.releaseExclusiveReadLockOnRollback(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        changed.releaseExclusiveReadLockOnCommit(operations, file, exchange);
    }

    /** Ignored: set from {@code channels.letters.inbox.settle-timeout} in the constructor. */
    @Override
    public void setTimeout(long timeout) {
        // configured from LetterProperties, not from endpoint options
    }

    /** Ignored: derived from {@code settle-time} in the constructor. */
    @Override
    public void setCheckInterval(long checkInterval) {
        // configured from LetterProperties, not from endpoint options
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
        changed.setReadLockLoggingLevel(level);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        changed.setMarkerFiler(markerFile);
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        changed.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
    }
}

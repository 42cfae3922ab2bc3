package id.lapor.gateway.channel.letter;

import id.lapor.gateway.intake.IntakeReceipt;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The watched inbox folder's side of the route: reads a settled file, and after intake committed picks
 * where it goes. Camel's file consumer moves it there ({@code move=${exchangeProperty.letterTarget}})
 * only when the exchange completed; when intake failed (the store is down) the file stays and is read
 * again at a later poll.
 * <ul>
 *   <li>stored, or already on record → {@code processed/<name>};</li>
 *   <li>quarantined → {@code failed/<name>}, with {@code failed/<name>.reason.txt} saying why.</li>
 * </ul>
 * A name already taken in the target folder gets {@code -2}, {@code -3} … before its extension.
 */
public class LetterInbox {

    public static final String TARGET = "letterTarget";
    public static final String PROCESSED = "processed";
    public static final String FAILED = "failed";

    private static final Logger log = LoggerFactory.getLogger(LetterInbox.class);

    private final Path dir;
    private final String instance;
    private final boolean watching;

    /**
     * @param dir      the inbox folder ({@code channels.letters.inbox.dir})
     * @param instance the intake point its letters come in at ({@code channels.letters.instance})
     * @param watching whether the folder consumer runs: only when the channel is enabled
     *                 ({@code channels.letters.enabled}) and the folder is watched ({@code channels.letters.inbox.watch})
     */
    public LetterInbox(Path dir, String instance, boolean watching) {
        this.dir = dir;
        this.instance = instance;
        this.watching = watching;
        try {
            Files.createDirectories(dir.resolve(PROCESSED));
            Files.createDirectories(dir.resolve(FAILED));
        } catch (IOException e) {
            log.warn("letters inbox {} cannot be prepared: {}", dir, e.getMessage());
        }
    }

    /**
     * Whether route {@code letter-inbox} starts ({@code autoStartup: "{{bean:letterInbox.watching}}"}): a
     * disabled channel consumes nothing, whatever {@code inbox.watch} says.
     */
    public boolean watching() {
        return watching;
    }

    /**
     * The file as the normaliser's payload; one that never settled ({@link LetterReadLock#UNSETTLED}) is
     * read as it is now and carries how long it was waited for, so it is refused with that reason.
     */
    public LetterFile open(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        return new LetterFile(instance, name, bytes, null, null, exchange.getProperty(LetterReadLock.UNSETTLED, java.time.Duration.class));
    }

    /** Sets {@value #TARGET} from the intake receipt; writes the reason file of a refused letter. */
    public void settle(Exchange exchange) {
        IntakeReceipt receipt = exchange.getMessage().getBody(IntakeReceipt.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        boolean failed = receipt.outcome() == IntakeReceipt.Outcome.QUARANTINED;
        String target = free(failed ? FAILED : PROCESSED, name);
        if (failed) {
            String text = "Surat ini tidak dapat diproses / this letter was not processed\n"
                    + "file: " + name + "\n"
                    + "reason: " + receipt.reason() + "\n"
                    + "quarantine id: " + receipt.quarantineId() + " (the original is kept there; POST /api/quarantine/"
                    + receipt.quarantineId() + "/replay after fixing the cause)\n"
                    + "at: " + Instant.now() + "\n";
            try {
                Files.writeString(dir.resolve(target + ".reason.txt"), text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the reason file for a refused letter", e);
            }
            log.info("letter file refused, moved to {} (quarantine {})", target, receipt.quarantineId());
        } else {
            log.info("letter file {} → ticket {}", receipt.outcome(), receipt.ticket());
        }
        exchange.setProperty(TARGET, target);
    }

    /** {@code folder/name}, or {@code folder/name-2.ext} … when that is taken. */
    String free(String folder, String name) {
        Path f = dir.resolve(folder);
        if (!Files.exists(f.resolve(name)) && !Files.exists(f.resolve(name + ".reason.txt"))) return folder + "/" + name;
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; ; i++) {
            String candidate = base + "-" + i + ext;
            if (!Files.exists(f.resolve(candidate)) && !Files.exists(f.resolve(candidate + ".reason.txt"))) return folder + "/" + candidate;
        }
    }

    /** Files waiting in the inbox (not yet read). */
    public long waiting() {
        return count(dir);
    }

    /** Files in failed/ (an operator should look at them). */
    public long failedCount() {
        try (Stream<Path> s = Files.list(dir.resolve(FAILED))) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".reason.txt")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long count(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return -1;
        }
    }
}

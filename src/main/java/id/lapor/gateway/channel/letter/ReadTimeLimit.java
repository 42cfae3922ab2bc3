package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time limit on reading one letter ({@code channels.letters.ocr.file-timeout}). The reading runs on
 * a thread of its own; the caller waits at most the limit, then interrupts it and gets an
 * {@link UnreadableLetter} (TOO_LARGE, "reading the file took longer than N s"), so the file is refused
 * with that reason and the route goes on with the next one. Tesseract honours the interrupt (Tika's
 * {@code TesseractOCRParser} destroys its process) and the OCR batch cancels the file's queued pages;
 * a parser that ignores interrupts keeps only its own thread busy, never the route's (it is logged).
 *
 * <p>Own code rather than a library: this is one {@link Future#get(long, TimeUnit)} around the read;
 * Tika's forked-JVM parsers would bound parsing too, at the price of a JVM per parser, and would not
 * bound the PDF rendering and OCR done outside Tika.
 */
public final class ReadTimeLimit {

    private static final Logger log = LoggerFactory.getLogger(ReadTimeLimit.class);

    private final Duration limit;
    private final ExecutorService readers;
    private final Runnable onTimeout;

    /**
     * @param limit     the longest one file may be read
     * @param readers   where reads run: unbounded (a cached pool), so a read that ignores its interrupt
     *                  cannot starve the next ones
     * @param onTimeout called once per file cut short (the metric); may be null
     */
    public ReadTimeLimit(Duration limit, ExecutorService readers, Runnable onTimeout) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("file-timeout must be positive");
        this.limit = limit;
        this.readers = readers;
        this.onTimeout = onTimeout;
    }

    public Duration limit() {
        return limit;
    }

    /**
     * Runs {@code read} within the limit.
     *
     * @throws UnreadableLetter what the read threw, or TOO_LARGE "reading the file took longer than N s"
     * @throws IllegalStateException when the caller is interrupted (shutting down), with the
     *                               {@link InterruptedException} as its cause, so the file is left for the next start
     */
    public <T> T call(Callable<T> read) throws UnreadableLetter {
        Future<T> running = readers.submit(read);
        try {
            return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            if (onTimeout != null) onTimeout.run();
            log.warn("reading a letter took longer than {} s: stopped, the file is refused", seconds());
            throw new UnreadableLetter(ReasonClass.TOO_LARGE, "reading the file took longer than " + seconds()
                    + " s (the limit per file); stopped so that the letters after it are read");
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a letter", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnreadableLetter u) throw u;
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("the letter reader failed", cause);
        }
    }

    private String seconds() {
        long ms = limit.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}

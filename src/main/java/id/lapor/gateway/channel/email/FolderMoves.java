package id.lapor.gateway.channel.email;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailBoxPostProcessAction;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Tracks a poll's messages while workers process them side by side, and moves the poll's mail out of
 * the inbox once all of them are done, in one command per destination folder. A message is scheduled
 * for its folder only when its work completed, that is after its intake transaction committed (or it
 * was quarantined or ignored); a failed message stays in the inbox for the next poll. A crash between
 * commit and move leaves committed mail in the inbox, which the next poll recognises by Message-ID or
 * UID and settles as a duplicate. Uses IMAP MOVE (RFC 6851) when the server has it, otherwise COPY
 * and \Deleted (expunged when camel-mail closes the folder). Reading waits while the messages being
 * processed hold more than {@code maxBytesInFlight} raw bytes, so a poll of large mail cannot fill the heap.
 */
public class FolderMoves implements MailBoxPostProcessAction {

    /** Exchange property: the folder the message moves to, set when its work completed. */
    public static final String FOLDER = "lapor.email.folder";

    private static final Logger log = LoggerFactory.getLogger(FolderMoves.class);

    private record Pending(Message message, String folder) {}

    private final long maxBytesInFlight;
    private final Duration maxWait;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Set<String> existing = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private int inFlight;
    private long bytesInFlight;
    private volatile String moveProblem;

    public FolderMoves(long maxBytesInFlight, Duration maxWait) {
        this.maxBytesInFlight = maxBytesInFlight;
        this.maxWait = maxWait;
    }

    /**
     * Called on the IMAP thread before a message is read: waits while too many bytes are being
     * processed, then follows the exchange (to whichever worker it is handed) until it completes.
     */
    public void track(Exchange exchange, Message message, long bytes) throws InterruptedException {
        long size = Math.max(0, bytes);
        synchronized (lock) {
            while (inFlight > 0 && bytesInFlight + size > maxBytesInFlight) lock.wait();
            inFlight++;
            bytesInFlight += size;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange e) {
                String folder = e.getProperty(FOLDER, String.class);
                if (folder != null) pending.add(new Pending(message, folder));
                release(size);
            }

            @Override
            public void onFailure(Exchange e) {
                release(size);
            }
        });
    }

    private void release(long size) {
        synchronized (lock) {
            inFlight--;
            bytesInFlight -= size;
            lock.notifyAll();
        }
    }

    /**
     * Why the latest poll's mail could not be moved out of the inbox, or null when it could. Mail that
     * is never moved is read again at every poll and keeps newer mail out of the poll's window, so this
     * makes the mailbox's health DOWN.
     */
    public String moveProblem() {
        return moveProblem;
    }

    /** Messages handed to workers and not yet done. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    @Override
    public void process(Folder source) throws MessagingException {
        awaitWorkers();
        Map<String, List<Message>> byFolder = new LinkedHashMap<>();
        int stale = 0;
        for (Pending p; (p = pending.poll()) != null; ) {
            // a message read through an earlier, since closed connection cannot be moved by this one
            if (!current(source, p.message())) {
                stale++;
                continue;
            }
            byFolder.computeIfAbsent(p.folder(), k -> new ArrayList<>()).add(p.message());
        }
        if (stale > 0) log.info("email: {} committed message(s) stay in the inbox for the next poll, which settles them as duplicates", stale);
        try {
            for (Map.Entry<String, List<Message>> e : byFolder.entrySet()) {
                move(source, e.getValue().toArray(Message[]::new), e.getKey());
            }
            moveProblem = null;
        } catch (MessagingException | RuntimeException e) {
            moveProblem = "committed mail cannot be moved out of the inbox (it is read again at the next poll): " + MailboxHealth.describe(e);
            throw e;
        }
    }

    private void awaitWorkers() {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (lock) {
            try {
                while (inFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        log.warn("email: {} message(s) still being processed after {}; they move with a later poll", inFlight, maxWait);
                        return;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code m} was read through the folder's current session (not one since closed and reopened). */
    private static boolean current(Folder source, Message m) {
        if (m.getFolder() != source || m.isExpunged() || !source.isOpen()) return false;
        try {
            return source.getMessage(m.getMessageNumber()) == m;
        } catch (MessagingException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private void move(Folder source, Message[] messages, String name) throws MessagingException {
        Folder target = source.getStore().getFolder(name);
        if (!existing.contains(name)) {
            if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("cannot create mail folder " + name);
            }
            existing.add(name);
        }
        try {
            if (source instanceof IMAPFolder imap && source.getStore() instanceof IMAPStore store && store.hasCapability("MOVE")) {
                imap.moveMessages(messages, target);
            } else {
                source.copyMessages(messages, target);
                source.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
            }
        } catch (MessagingException e) {
            existing.remove(name); // it may have been deleted meanwhile: check again next time
            throw e;
        }
    }
}

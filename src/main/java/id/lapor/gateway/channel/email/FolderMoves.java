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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Moves the poll's mail out of the inbox in one command per destination folder, once the poll's
 * messages have been processed. A message is scheduled for its folder only when its exchange
 * completed, that is after its intake transaction committed (or it was quarantined or ignored);
 * a failed exchange stays in the inbox for the next poll. A crash between commit and move leaves
 * committed mail in the inbox, which the next poll recognises by Message-ID or UID and settles as a
 * duplicate. Uses IMAP MOVE (RFC 6851) when the server has it, otherwise COPY and \Deleted (expunged
 * when camel-mail closes the folder).
 */
public class FolderMoves implements MailBoxPostProcessAction {

    private static final Logger log = LoggerFactory.getLogger(FolderMoves.class);

    private record Pending(Message message, String folder) {}

    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    /** Schedules {@code message} to move to {@code folder} once {@code exchange} completes successfully. */
    public void moveOnCompletion(Exchange exchange, Message message, String folder) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange e) {
                pending.add(new Pending(message, folder));
            }

            @Override
            public boolean allowHandover() {
                return false;
            }
        });
    }

    @Override
    public void process(Folder source) throws MessagingException {
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
        for (Map.Entry<String, List<Message>> e : byFolder.entrySet()) {
            move(source, e.getValue().toArray(Message[]::new), e.getKey());
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

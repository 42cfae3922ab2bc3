package id.lapor.gateway.channel.email;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Reads a poll's window of messages in one IMAP command. camel-mail asks for each message's key, then
 * its flags, and the route reads its size, UID and headers: left alone that is five round trips per
 * message before its body is fetched (eleven in all with the move), which over a 30 ms link to a
 * hosted mailbox limits intake to a few messages a second. The first time camel-mail asks for the key
 * of a message not yet fetched, this fetches flags, envelope, UID and headers of that message and the
 * next ones up to the poll's window with one FETCH, and every later question is answered from that.
 * The key is the IMAP UID (with UIDVALIDITY), which needs no further command.
 */
public class MailboxWindow implements MailUidGenerator {

    private final int window;
    private final Set<Message> fetched = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    public MailboxWindow(int window) {
        this.window = Math.max(1, window);
    }

    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        Folder folder = message.getFolder();
        try {
            if (folder != null && !fetched.contains(message)) prefetch(folder, message.getMessageNumber());
            if (folder instanceof UIDFolder uf) {
                return "imap:" + uf.getUIDValidity() + ":" + uf.getUID(message);
            }
        } catch (MessagingException e) {
            // the message went away or the link dropped: camel-mail's own reads will say so
        }
        return "msn:" + message.getMessageNumber();
    }

    private void prefetch(Folder folder, int from) throws MessagingException {
        int to = Math.min(folder.getMessageCount(), from + window - 1);
        if (to < from) return;
        Message[] batch = folder.getMessages(from, to);
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        if (folder instanceof IMAPFolder) profile.add(IMAPFolder.FetchProfileItem.HEADERS);
        folder.fetch(batch, profile);
        Collections.addAll(fetched, batch);
    }
}

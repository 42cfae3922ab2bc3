package id.lapor.gateway.bench;

import java.util.List;

/** The IMAP server an email benchmark runs against: GreenMail in process, or a private Dovecot. */
interface BenchMailbox extends AutoCloseable {

    int imapPort();

    void deliver(List<byte[]> emls);

    int count(String folder);

    @Override
    void close();
}

package id.lapor.gateway.channel.chat;

import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.FileAttachmentStore;
import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat core's SQL on a fresh store (H2, or PostgreSQL with -Ppostgres): append, dedup, due, close, edit, cursor. */
class ChatConversationsTest {

    @TempDir
    Path blobsDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
    private ChatConversations store;
    private NamedParameterJdbcTemplate jdbc;
    private final ChatChannelSettings settings = new ChatChannelSettings(Channel.TELEGRAM, true, Duration.ofSeconds(90),
            Duration.ofMinutes(5), 3, Duration.ofSeconds(10), 1_000_000, "bantuan");

    @BeforeEach
    void setUp() {
        FreshStore fs = FreshStore.create().migrate(null);
        jdbc = new NamedParameterJdbcTemplate(fs.dataSource());
        store = new ChatConversations(jdbc, new TransactionTemplate(new DataSourceTransactionManager(fs.dataSource())),
                new FileAttachmentStore(blobsDir), clock);
    }

    static ChatPart part(String chat, String updateId, String messageId, String text, ChatMedia... media) {
        return new ChatPart(Channel.TELEGRAM, "telegram-bot", "telegram:" + chat, updateId, messageId,
                Instant.parse("2026-11-30T07:59:00Z"), new ChatReporter("telegram:" + chat, "Siti", null), text, List.of(media), null,
                ("{\"update_id\":" + updateId + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void partsOfOneChatWithinTheQuietPeriodAreOneConversationAndARedeliveryIsStoredOnce() {
        assertThat(store.append(part("42", "1", "10", "Selamat pagi"))).isEqualTo(ChatConversations.Appended.STORED);
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.append(part("42", "2", "11", "Jalan rusak 🚧"))).isEqualTo(ChatConversations.Appended.STORED);
        assertThat(store.append(part("42", "2", "11", "Jalan rusak 🚧"))).isEqualTo(ChatConversations.Appended.DUPLICATE);
        assertThat(store.append(part("77", "3", "5", "other chat"))).isEqualTo(ChatConversations.Appended.STORED);

        clock.advance(Duration.ofSeconds(60));
        assertThat(store.due(settings, clock.instant(), 10)).isEmpty(); // last parts 60 s old, quiet period 90 s
        clock.advance(Duration.ofSeconds(31));
        List<ChatConversation> due = store.due(settings, clock.instant(), 10);
        assertThat(due).extracting(ChatConversation::conversationKey).containsExactly("telegram:42", "telegram:77");
        ChatConversation c = due.get(0);
        assertThat(c.parts()).extracting(ChatPart::text).containsExactly("Selamat pagi", "Jalan rusak 🚧");
        assertThat(new String(c.raw(), StandardCharsets.UTF_8)).isEqualTo("[{\"update_id\":1},{\"update_id\":2}]");
        assertThat(c.externalId()).isEqualTo("conversation:" + c.id());
    }

    @Test
    void aPartArrivingWhileTheConversationClosesOpensTheNextOneAndIsNotLost() {
        store.append(part("42", "1", "10", "satu"));
        clock.advance(Duration.ofSeconds(100));
        ChatConversation snapshot = store.due(settings, clock.instant(), 10).get(0);
        store.append(part("42", "2", "11", "dua"));
        assertThat(store.closed(snapshot, null, "IGNORED: test", clock.instant())).isTrue();
        assertThat(store.closed(snapshot, null, "IGNORED: test", clock.instant())).isFalse();
        clock.advance(Duration.ofSeconds(100));
        List<ChatConversation> next = store.due(settings, clock.instant(), 10);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).parts()).extracting(ChatPart::text).containsExactly("dua");
    }

    @Test
    void anEditReplacesTheTextWhileOpenAndIsARevisionOnceClosed() {
        store.append(part("42", "1", "10", "Lampu mati di Jl. Merdeka"));
        ChatEdit edit = new ChatEdit(Channel.TELEGRAM, "telegram-bot", "telegram:42", "2", "10", clock.instant(),
                "Lampu mati di Jl. Merdeka No. 5", "{\"update_id\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(store.edit(edit).outcome()).isEqualTo(ChatConversations.Edited.REPLACED);
        assertThat(store.edit(edit).outcome()).isEqualTo(ChatConversations.Edited.DUPLICATE);
        clock.advance(Duration.ofSeconds(100));
        ChatConversation c = store.due(settings, clock.instant(), 10).get(0);
        assertThat(c.parts().get(0).text()).isEqualTo("Lampu mati di Jl. Merdeka No. 5");
        jdbc.update("""
                INSERT INTO complaint (ticket, channel, instance, sender_key, content_hash, status, received_at, sla_due_at, canonical_json)
                VALUES ('ABCDEFGH1', 'TELEGRAM', 'telegram-bot', 'telegram:42', 'x', 'RECEIVED', :at, :at, '{}')""",
                new MapSqlParameterSource("at", java.time.OffsetDateTime.now(ZoneOffset.UTC)));
        store.closed(c, "ABCDEFGH1", "STORED", clock.instant());
        ChatEdit again = new ChatEdit(Channel.TELEGRAM, "telegram-bot", "telegram:42", "3", "10", clock.instant(),
                "Lampu mati di Jl. Merdeka No. 7", "{\"update_id\":3}".getBytes(StandardCharsets.UTF_8));
        ChatConversations.EditResult r = store.edit(again);
        assertThat(r.outcome()).isEqualTo(ChatConversations.Edited.REVISION);
        assertThat(r.ticket()).isEqualTo("ABCDEFGH1");
        assertThat(store.revisions("ABCDEFGH1")).singleElement().satisfies(v -> {
            assertThat(v.previousText()).isEqualTo("Lampu mati di Jl. Merdeka No. 5");
            assertThat(v.text()).isEqualTo("Lampu mati di Jl. Merdeka No. 7");
        });
        ChatEdit unknown = new ChatEdit(Channel.TELEGRAM, "telegram-bot", "telegram:42", "4", "999", clock.instant(), "x",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(store.edit(unknown).outcome()).isEqualTo(ChatConversations.Edited.UNKNOWN_ORIGINAL);
    }

    @Test
    void anEditOfAConversationClosedWithoutAComplaintIsNoRevisionOfNothing() {
        store.append(part("42", "1", "10", "Halo"));
        clock.advance(Duration.ofSeconds(100));
        store.closed(store.due(settings, clock.instant(), 10).get(0), null, "IGNORED: greeting only", clock.instant());
        assertThat(store.edit(edit("2", "10", "Halo, lampu jalan mati")).outcome()).isEqualTo(ChatConversations.Edited.NO_COMPLAINT);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_revision", new MapSqlParameterSource(), Integer.class)).isZero();
    }

    private void complaintRow(String ticket) {
        jdbc.update("""
                INSERT INTO complaint (ticket, channel, instance, sender_key, content_hash, status, received_at, sla_due_at, canonical_json)
                VALUES (:ticket, 'TELEGRAM', 'telegram-bot', 'telegram:42', 'x', 'RECEIVED', :at, :at, '{}')""",
                new MapSqlParameterSource("at", java.time.OffsetDateTime.now(ZoneOffset.UTC)).addValue("ticket", ticket));
    }

    private ChatEdit edit(String updateId, String messageId, String text) {
        return new ChatEdit(Channel.TELEGRAM, "telegram-bot", "telegram:42", updateId, messageId, clock.instant(), text,
                ("{\"update_id\":" + updateId + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEditBetweenTheSnapshotAndTheCloseBecomesARevisionOfThatComplaintNotLostAndNotASecondComplaint() {
        store.append(part("42", "1", "10", "Lampu mati di Jl. Merdeka"));
        store.append(part("42", "2", "11", "sudah tiga hari"));
        // an edit before the snapshot is in the complaint's text: no revision for it
        assertThat(store.edit(edit("3", "11", "sudah tiga hari, mohon segera")).outcome()).isEqualTo(ChatConversations.Edited.REPLACED);
        clock.advance(Duration.ofSeconds(100));
        ChatConversation snapshot = store.due(settings, clock.instant(), 10).get(0);
        assertThat(snapshot.parts()).extracting(ChatPart::text).containsExactly("Lampu mati di Jl. Merdeka", "sudah tiga hari, mohon segera");

        // the race: the citizen edits while the sweeper turns the snapshot into complaint ABCDEFGH2
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.edit(edit("4", "10", "Lampu mati di Jl. Merdeka No. 5")).outcome()).isEqualTo(ChatConversations.Edited.REPLACED);
        complaintRow("ABCDEFGH2");
        assertThat(store.closed(snapshot, "ABCDEFGH2", "STORED", clock.instant())).isTrue();

        assertThat(store.revisions("ABCDEFGH2")).singleElement().satisfies(v -> {
            assertThat(v.providerMessageId()).isEqualTo("10");
            assertThat(v.previousText()).isEqualTo("Lampu mati di Jl. Merdeka");
            assertThat(v.text()).isEqualTo("Lampu mati di Jl. Merdeka No. 5");
        });
        // nothing left open to become a second complaint, and the edit redelivered changes nothing
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.due(settings, clock.instant(), 10)).isEmpty();
        assertThat(store.edit(edit("4", "10", "Lampu mati di Jl. Merdeka No. 5")).outcome()).isEqualTo(ChatConversations.Edited.DUPLICATE);
        assertThat(store.revisions("ABCDEFGH2")).hasSize(1);
    }

    @Test
    void anEditWaitingForACloseInProgressBecomesARevisionOfItsTicket() throws Exception {
        store.append(part("42", "1", "10", "Pohon tumbang di Jl. Udayana"));
        clock.advance(Duration.ofSeconds(100));
        ChatConversation snapshot = store.due(settings, clock.instant(), 10).get(0);
        complaintRow("ABCDEFGH3");
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<ChatConversations.EditResult>> editing =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // started inside the close's transaction, after it took the conversation's row: the edit waits for the commit
            assertThat(store.closed(snapshot, "ABCDEFGH3", "STORED", clock.instant(),
                    () -> editing.set(other.submit(() -> store.edit(edit("2", "10", "Pohon tumbang di Jl. Udayana No. 9")))))).isTrue();
            ChatConversations.EditResult r = editing.get().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.outcome()).isEqualTo(ChatConversations.Edited.REVISION);
            assertThat(r.ticket()).isEqualTo("ABCDEFGH3");
        } finally {
            other.shutdownNow();
        }
        assertThat(store.revisions("ABCDEFGH3")).singleElement()
                .satisfies(v -> assertThat(v.text()).isEqualTo("Pohon tumbang di Jl. Udayana No. 9"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.due(settings, clock.instant(), 10)).isEmpty();
    }

    @Test
    void pendingMediaHoldTheConversationUntilSettledOrTheWaitIsOver() {
        store.append(part("42", "1", "10", "foto", new ChatMedia("file-a", "image/jpeg", null, 100L, "foto")));
        clock.advance(Duration.ofSeconds(100));
        assertThat(store.due(settings, clock.instant(), 10)).isEmpty();
        ChatConversations.PendingMedia m = store.pendingMedia(Channel.TELEGRAM, clock.instant(), 10).get(0);
        assertThat(m.media().fileId()).isEqualTo("file-a");
        store.mediaUnavailable(m.id(), "NOT_FOUND: HTTP 404");
        ChatConversation c = store.due(settings, clock.instant(), 10).get(0);
        assertThat(c.attachments()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(ChatConversation.MediaState.UNAVAILABLE);
            assertThat(a.reason()).isEqualTo("NOT_FOUND: HTTP 404");
        });

        store.append(part("43", "2", "10", null, new ChatMedia("file-b", null, null, null, null)));
        clock.advance(Duration.ofMinutes(6));
        ChatConversation waited = store.due(settings, clock.instant(), 10).stream()
                .filter(x -> x.conversationKey().equals("telegram:43")).findFirst().orElseThrow();
        assertThat(waited.attachments().get(0).state()).isEqualTo(ChatConversation.MediaState.PENDING);
    }

    @Test
    void twoFirstMessagesOfOneChatAtOnceAreTwoPartsOfOneConversationWithoutAnError() throws Exception {
        // the race (both find no open conversation, both open one) is not forced, so it is tried on 25 chats
        int chats = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < chats; i++) {
                String chat = "9" + i;
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Callable<ChatConversations.Appended> first = () -> {
                    together.await();
                    return store.append(part(chat, chat + "01", "1", "Lampu jalan mati"));
                };
                java.util.concurrent.Callable<ChatConversations.Appended> second = () -> {
                    together.await();
                    return store.append(part(chat, chat + "02", "2", "di Jalan Pejanggik"));
                };
                java.util.concurrent.Future<ChatConversations.Appended> a = pool.submit(first);
                java.util.concurrent.Future<ChatConversations.Appended> b = pool.submit(second);
                assertThat(a.get()).isEqualTo(ChatConversations.Appended.STORED); // get() rethrows a DuplicateKeyException
                assertThat(b.get()).isEqualTo(ChatConversations.Appended.STORED);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < chats; i++) {
            MapSqlParameterSource key = new MapSqlParameterSource("key", "telegram:9" + i);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_conversation WHERE conversation_key = :key", key, Integer.class))
                    .as("conversations of chat 9%d", i).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_part p JOIN chat_conversation c ON c.id = p.conversation_id"
                    + " WHERE c.conversation_key = :key", key, Integer.class)).as("parts of chat 9%d", i).isEqualTo(2);
        }
        clock.advance(Duration.ofSeconds(91));
        assertThat(store.due(settings, clock.instant(), 100)).hasSize(chats)
                .allSatisfy(c -> assertThat(c.parts()).extracting(ChatPart::text)
                        .containsExactlyInAnyOrder("Lampu jalan mati", "di Jalan Pejanggik"));
    }

    @Test
    void groupCommittedAppendsStoreEachMessageOnceInItsChatsConversationWithItsMedia() throws Exception {
        // the gateway's store: appends outside a transaction are committed in groups by one writer; 8 callers send the
        // same 5 messages of 2 chats at once (a redelivery storm), so batches hold duplicates and fall back to one by one
        FreshStore fs = FreshStore.create().migrate(null);
        NamedParameterJdbcTemplate db = new NamedParameterJdbcTemplate(fs.dataSource());
        List<ChatPart> messages = List.of(part("42", "1", "10", "Selamat pagi"), part("42", "2", "11", "Jalan rusak 🚧"),
                part("42", "3", "12", "foto", new ChatMedia("file-a", "image/jpeg", null, 100L, "foto")),
                part("42", "4", "13", "di Jl. Merdeka"), part("77", "5", "1", "Sampah menumpuk"));
        java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> stored = new java.util.concurrent.ConcurrentHashMap<>();
        try (ChatConversations grouped = new ChatConversations(db, new TransactionTemplate(new DataSourceTransactionManager(fs.dataSource())),
                new FileAttachmentStore(blobsDir), clock, 1, 64)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(8);
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        together.await();
                        for (ChatPart m : messages) {
                            if (grouped.append(m) == ChatConversations.Appended.STORED) {
                                stored.computeIfAbsent(m.externalId(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) f.get();
            } finally {
                pool.shutdownNow();
            }
            assertThat(stored).containsOnlyKeys("1", "2", "3", "4", "5").allSatisfy((k, n) -> assertThat(n.get()).as("message %s", k).isEqualTo(1));
            clock.advance(Duration.ofMinutes(10));
            List<ChatConversation> due = grouped.due(settings, clock.instant(), 10);
            assertThat(due).extracting(ChatConversation::conversationKey).containsExactlyInAnyOrder("telegram:42", "telegram:77");
            ChatConversation c = due.stream().filter(x -> x.conversationKey().equals("telegram:42")).findFirst().orElseThrow();
            assertThat(c.parts()).extracting(ChatPart::text).containsExactly("Selamat pagi", "Jalan rusak 🚧", "foto", "di Jl. Merdeka");
            assertThat(c.attachments()).singleElement().satisfies(a -> {
                assertThat(a.partIndex()).isEqualTo(2);
                assertThat(a.declared().fileId()).isEqualTo("file-a");
            });
        }
    }

    @Test
    void theCursorOnlyMovesForward() {
        assertThat(store.cursor(Channel.TELEGRAM, "bot")).isEmpty();
        store.advanceCursor(Channel.TELEGRAM, "bot", 101, clock.instant());
        store.advanceCursor(Channel.TELEGRAM, "bot", 90, clock.instant());
        assertThat(store.cursor(Channel.TELEGRAM, "bot")).hasValue(101);
    }
}

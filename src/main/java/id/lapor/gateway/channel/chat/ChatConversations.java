package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.GroupCommit;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.TextHygiene;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The chat core's store (tables of {@code V9_16__chat_conversations.sql}): parts of open
 * conversations, their media, edits and revisions, and the polling cursor. Every method commits on
 * its own before it returns, so a channel acknowledges its platform (webhook 200, Telegram offset)
 * only for what is stored. SQL with named parameters only.
 *
 * <p>How a chat channel uses it: its reception turns one platform input into a {@link ChatPart} and
 * calls {@link #append}; an edit calls {@link #edit}; a command answered on its own is recorded with
 * {@link #recordOnly} (so a redelivery is not answered twice). {@link ChatSweeper} then closes
 * conversations that went quiet ({@link #due}) into {@link ChatConversation}s for the channel's
 * normaliser and marks them {@link #closed}; {@link ChatMediaFetcher} fetches media meanwhile.
 */
public class ChatConversations implements AutoCloseable {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    /** For the one retry of {@link #append} after a lost race to open a conversation. */
    private final TransactionTemplate fresh;
    private final AttachmentStore blobs;
    private final Clock clock;
    /** Group commit of {@link #append}s made outside a transaction; null when each append commits on its own. */
    private final GroupCommit<ChatPart, Appended> writer;

    /**
     * Every {@link #append} commits on its own (tests of the store, tools).
     *
     * @param tx    its transaction manager is used; each method runs in a transaction of its own (or joins the caller's)
     * @param blobs where fetched media are (read by {@link #load})
     * @param clock arrival time of parts: the quiet period runs on this clock, never the platform's
     */
    public ChatConversations(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AttachmentStore blobs, Clock clock) {
        this(jdbc, tx, blobs, clock, 0, 1);
    }

    /**
     * With group commit of appends (the gateway): an {@link #append} called outside a transaction (a webhook's
     * message) waits, unacknowledged, for one of {@code writers} writer threads, which stores every part waiting in
     * its lane (at most {@code maxBatch}) in ONE transaction and then answers each caller ({@link GroupCommit}; the
     * lane is chosen by the chat, so one chat's parts are stored in arrival order by one writer). Measured on the
     * WhatsApp webhook (docs/BENCHMARKS.md): one commit per part made the store's commit the bottleneck (H2
     * serialises its commits; PostgreSQL flushes the WAL per commit). An append inside the caller's transaction
     * (Telegram's batch of a getUpdates answer) joins that transaction as before.
     *
     * @param writers  writer threads (0: no group commit, each append commits on its own)
     * @param maxBatch most parts one writer stores in one transaction
     */
    public ChatConversations(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AttachmentStore blobs, Clock clock,
                             int writers, int maxBatch) {
        this.jdbc = jdbc;
        this.clock = clock;
        TransactionTemplate own = new TransactionTemplate(tx.getTransactionManager());
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.tx = own;
        TransactionTemplate fresh = new TransactionTemplate(tx.getTransactionManager());
        fresh.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.fresh = fresh;
        this.blobs = blobs;
        this.writer = writers < 1 ? null
                : new GroupCommit<>("chat-append", writers, maxBatch, 4 * maxBatch + 1024, this::appendBatch, this::appendAlone);
    }

    /** Stops the group-commit writers after storing what is queued (Spring calls it at shutdown). */
    @Override
    public void close() {
        if (writer != null) writer.close();
    }

    /** What {@link #append} and {@link #recordOnly} did. */
    public enum Appended {
        /** Stored now. */
        STORED,
        /** This channel, instance and external id were stored before: nothing stored again. */
        DUPLICATE
    }

    /** What {@link #edit} did. */
    public enum Edited {
        /** The original part is in an open conversation: its text is replaced (the previous text kept). */
        REPLACED,
        /** The original's conversation already became a complaint: recorded as a revision of {@code ticket}. */
        REVISION,
        /** This edit (its external id) was recorded before. */
        DUPLICATE,
        /** No part with that message id (never received, or a command / ignored input): nothing changed. */
        UNKNOWN_ORIGINAL,
        /**
         * The original's conversation closed without a complaint (a greeting only, quarantined): nothing recorded here.
         * The edited text is new words from the citizen ("Halo" edited into a report after the help text came), so the
         * caller stores it as a new message ({@link #append}, deduplicated by the edit's own external id); recorded as a
         * revision of no ticket it was seen by nobody.
         */
        NO_COMPLAINT
    }

    /** @param ticket the complaint revised (REVISION), else null */
    public record EditResult(Edited outcome, String ticket) {}

    /** A revision of a complaint by an edited chat message, for the complaint API. */
    public record Revision(long id, String ticket, String providerMessageId, String previousText, String text, Instant editedAt) {}

    /** A media item due for fetching. */
    public record PendingMedia(long id, Channel channel, String instance, ChatMedia media, int attempts) {}

    /**
     * Stores {@code part} in one transaction: the part and its media (PENDING) are inserted, and the
     * open conversation of its {@link ChatPart#conversationKey()} is extended (its last part time moved
     * on) or a new one opened. A part whose (channel, instance, external id) is on record is stored once.
     *
     * Two first parts of one chat arriving at the same instant both find no open conversation and both
     * open one; the second loses on the unique {@code open_key}. That loser is tried once more in a fresh
     * transaction, where the winner's conversation is visible and the part joins it (so neither Telegram's
     * offset nor Meta's webhook has to be failed for it).
     *
     * @return STORED, or DUPLICATE when it was stored before
     * @throws DuplicateKeyException only when the retry lost a race again (an outage-like case: the caller fails
     *                               and the platform redelivers)
     */
    public Appended append(ChatPart part) {
        if (writer != null && !TransactionSynchronizationManager.isActualTransactionActive()) {
            return writer.submit(part, openKey(part.channel(), part.instance(), part.conversationKey()));
        }
        return appendAlone(part);
    }

    /**
     * One group commit: every part in one transaction, with three JDBC batches whatever the number of parts (a
     * round trip per statement per part made the writer the bottleneck on PostgreSQL): the open conversations of
     * the parts' chats are extended ({@code last_part_at}, which locks them as {@code FOR UPDATE} does), the chats
     * without one get one, and the parts are inserted, each finding its conversation by the open key. Parts with
     * media (their rows need the part's id) are stored one by one in the same transaction. A constraint hit (a
     * redelivered message id, a conversation opened by another node at the same moment) rolls the whole batch back
     * and {@link GroupCommit} stores each part alone through {@link #appendAlone}, which sorts out DUPLICATE and the
     * race.
     */
    private List<Appended> appendBatch(List<ChatPart> parts) {
        return fresh.execute(s -> {
            OffsetDateTime arrived = Ledger.ts(clock.instant());
            Map<String, ChatPart> byKey = new java.util.LinkedHashMap<>();
            for (ChatPart p : parts) byKey.putIfAbsent(openKey(p.channel(), p.instance(), p.conversationKey()), p);
            List<String> keys = new ArrayList<>(byKey.keySet());
            MapSqlParameterSource[] extend = keys.stream().map(k -> new MapSqlParameterSource("openKey", k).addValue("arrived", arrived))
                    .toArray(MapSqlParameterSource[]::new);
            int[] extended = jdbc.batchUpdate(
                    "UPDATE chat_conversation SET last_part_at = GREATEST(last_part_at, :arrived) WHERE open_key = :openKey", extend);
            List<MapSqlParameterSource> open = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (extended[i] > 0 || extended[i] < 0 && !jdbc.queryForList("SELECT id FROM chat_conversation WHERE open_key = :openKey",
                        extend[i], Long.class).isEmpty()) continue;   // the conversation is there (-2: the driver gave no count)
                ChatPart p = byKey.get(keys.get(i));
                open.add(new MapSqlParameterSource("openKey", keys.get(i)).addValue("arrived", arrived)
                        .addValue("channel", p.channel().name()).addValue("instance", p.instance()).addValue("key", p.conversationKey()));
            }
            if (!open.isEmpty()) {
                jdbc.batchUpdate("""
                        INSERT INTO chat_conversation (channel, instance, conversation_key, open_key, state, opened_at, last_part_at)
                        VALUES (:channel, :instance, :key, :openKey, 'OPEN', :arrived, :arrived)""", open.toArray(MapSqlParameterSource[]::new));
            }
            // in arrival order: text parts in batches, a part with media alone (its media rows need its id)
            List<MapSqlParameterSource> plain = new ArrayList<>();
            for (ChatPart p : parts) {
                String openKey = openKey(p.channel(), p.instance(), p.conversationKey());
                if (p.media().isEmpty()) {
                    plain.add(partParams(p, null, "PART").addValue("openKey", openKey));
                    continue;
                }
                insertParts(plain);
                insertPart(p, jdbc.queryForObject("SELECT id FROM chat_conversation WHERE open_key = :openKey",
                        new MapSqlParameterSource("openKey", openKey), Long.class), "PART");
            }
            insertParts(plain);
            List<Appended> out = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) out.add(Appended.STORED);
            return out;
        });
    }

    /** Inserts text parts of a batch whose conversations are open, each found by its open key; empties the list. */
    private void insertParts(List<MapSqlParameterSource> plain) {
        if (plain.isEmpty()) return;
        jdbc.batchUpdate(INSERT_PART.replace(":conv", "(SELECT id FROM chat_conversation WHERE open_key = :openKey)"),
                plain.toArray(MapSqlParameterSource[]::new));
        plain.clear();
    }

    private Appended appendAlone(ChatPart part) {
        try {
            return tx.execute(s -> {
                insertPart(part, conversationFor(part), "PART");
                return Appended.STORED;
            });
        } catch (DuplicateKeyException e) {
            if (exists(part.channel(), part.instance(), part.externalId())) return Appended.DUPLICATE;
            // two conversations opened at once for one chat: this one lost; once more, the winner now committed
            try {
                return fresh.execute(s -> {
                    insertPart(part, conversationFor(part), "PART");
                    return Appended.STORED;
                });
            } catch (DuplicateKeyException again) {
                if (exists(part.channel(), part.instance(), part.externalId())) return Appended.DUPLICATE;
                throw again;
            }
        }
    }

    /**
     * Records an input that joins no conversation (a command answered on its own, an input counted as
     * ignored) under its external id, so a redelivery is recognised; {@code alsoInSameTransaction} runs
     * in the same transaction only when it is new (queue the command's answer there).
     *
     * @param kind a short word kept with the row: COMMAND, IGNORED
     */
    public Appended recordOnly(ChatPart part, String kind, Runnable alsoInSameTransaction) {
        try {
            return tx.execute(s -> {
                insertPart(part, null, kind);
                if (alsoInSameTransaction != null) alsoInSameTransaction.run();
                return Appended.STORED;
            });
        } catch (DuplicateKeyException e) {
            if (exists(part.channel(), part.instance(), part.externalId())) return Appended.DUPLICATE;
            throw e;
        }
    }

    /** Whether an input of this channel, instance and external id is on record. */
    public boolean exists(Channel channel, String instance, String externalId) {
        return !jdbc.queryForList("SELECT 1 FROM chat_part WHERE channel = :channel AND instance = :instance AND external_id = :ext",
                new MapSqlParameterSource("channel", channel.name()).addValue("instance", instance).addValue("ext", externalId),
                Integer.class).isEmpty()
                || !jdbc.queryForList("SELECT 1 FROM chat_revision WHERE channel = :channel AND instance = :instance AND external_id = :ext",
                new MapSqlParameterSource("channel", channel.name()).addValue("instance", instance).addValue("ext", externalId),
                Integer.class).isEmpty();
    }

    private long conversationFor(ChatPart p) {
        String openKey = openKey(p.channel(), p.instance(), p.conversationKey());
        MapSqlParameterSource params = new MapSqlParameterSource("openKey", openKey);
        List<Long> open = jdbc.queryForList("SELECT id FROM chat_conversation WHERE open_key = :openKey FOR UPDATE", params, Long.class);
        if (!open.isEmpty()) {
            // the quiet period runs from the latest arrival: a part whose platform time is older (a late
            // redelivery) still keeps the conversation open as long as a new part would
            jdbc.update("UPDATE chat_conversation SET last_part_at = GREATEST(last_part_at, :arrived) WHERE id = :id",
                    params.addValue("id", open.get(0)).addValue("arrived", Ledger.ts(arrival(p))));
            return open.get(0);
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO chat_conversation (channel, instance, conversation_key, open_key, state, opened_at, last_part_at)
                VALUES (:channel, :instance, :key, :openKey, 'OPEN', :arrived, :arrived)""",
                params.addValue("channel", p.channel().name()).addValue("instance", p.instance())
                        .addValue("key", p.conversationKey()).addValue("arrived", Ledger.ts(arrival(p))), keys, new String[] {"id"});
        return keys.getKey().longValue();
    }

    /** When the part counts as arrived for the quiet period: now, so the platform's clock cannot close a conversation early. */
    private Instant arrival(ChatPart p) {
        return clock.instant();
    }

    private static final String INSERT_PART = """
            INSERT INTO chat_part (conversation_id, channel, instance, external_id, provider_message_id, conversation_key, kind,
                received_at, reporter_id, reporter_name, reporter_phone, body, latitude, longitude, raw)
            VALUES (:conv, :channel, :instance, :ext, :pmid, :key, :kind, :at, :rid, :rname, :rphone, :body, :lat, :lon, :raw)""";

    private static MapSqlParameterSource partParams(ChatPart p, Long conversationId, String kind) {
        return new MapSqlParameterSource("conv", conversationId).addValue("channel", p.channel().name())
                .addValue("instance", p.instance()).addValue("ext", p.externalId())
                .addValue("pmid", p.providerMessageId()).addValue("key", p.conversationKey()).addValue("kind", kind)
                .addValue("at", Ledger.ts(p.receivedAt())).addValue("rid", p.reporter().channelUserId())
                .addValue("rname", p.reporter().displayName()).addValue("rphone", p.reporter().phone())
                .addValue("body", p.text())
                .addValue("lat", p.location() == null ? null : p.location().latitude())
                .addValue("lon", p.location() == null ? null : p.location().longitude())
                .addValue("raw", p.raw());
    }

    private void insertPart(ChatPart p, Long conversationId, String kind) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(INSERT_PART, partParams(p, conversationId, kind), keys, new String[] {"id"});
        if (conversationId == null) return;
        long partId = keys.getKey().longValue();
        int position = 0;
        for (ChatMedia m : p.media()) {
            jdbc.update("""
                    INSERT INTO chat_media (part_id, conversation_id, position, channel, instance, file_id, declared_type, file_name,
                        declared_size, caption, state, attempts, next_attempt_at)
                    VALUES (:part, :conv, :pos, :channel, :instance, :fileId, :type, :name, :size, :caption, 'PENDING', 0, :now)""",
                    new MapSqlParameterSource("part", partId).addValue("conv", conversationId).addValue("pos", position++)
                            .addValue("channel", p.channel().name()).addValue("instance", p.instance())
                            .addValue("fileId", m.fileId()).addValue("type", m.declaredType()).addValue("name", m.fileName())
                            .addValue("size", m.declaredSize()).addValue("caption", m.caption())
                            .addValue("now", Ledger.ts(clock.instant())));
        }
    }

    static String openKey(Channel channel, String instance, String conversationKey) {
        return channel.name() + "|" + instance + "|" + conversationKey;
    }

    /**
     * Applies an edited message. While the original part's conversation is open its text is replaced
     * (the text before kept in {@code previous_body}); once the conversation became a complaint the edit
     * is a revision of that complaint ({@code chat_revision}, shown by the complaint API), never a
     * second complaint. One transaction; a redelivered edit changes nothing.
     */
    public EditResult edit(ChatEdit e) {
        try {
            return tx.execute(s -> applyEdit(e));
        } catch (DuplicateKeyException dup) {
            return new EditResult(Edited.DUPLICATE, null);
        }
    }

    private EditResult applyEdit(ChatEdit e) {
        MapSqlParameterSource p = new MapSqlParameterSource("channel", e.channel().name()).addValue("instance", e.instance())
                .addValue("key", e.conversationKey()).addValue("pmid", e.providerMessageId()).addValue("ext", e.externalId())
                .addValue("at", Ledger.ts(e.editedAt())).addValue("body", e.text()).addValue("raw", e.raw());
        if (!jdbc.queryForList("SELECT 1 FROM chat_revision WHERE channel = :channel AND instance = :instance AND external_id = :ext",
                p, Integer.class).isEmpty()) return new EditResult(Edited.DUPLICATE, null);
        List<Long> found = jdbc.queryForList("""
                SELECT id FROM chat_part WHERE channel = :channel AND instance = :instance AND conversation_key = :key
                  AND provider_message_id = :pmid AND conversation_id IS NOT NULL ORDER BY id LIMIT 1""", p, Long.class);
        if (found.isEmpty()) return new EditResult(Edited.UNKNOWN_ORIGINAL, null);
        p.addValue("part", found.get(0));
        // A close may be under way. The conversation row is the lock both take: counting this edit on an OPEN
        // conversation waits for a close in progress and then finds it CLOSED (the close then already saw nothing
        // of this edit, which becomes a revision of its ticket below). A close that comes after this commits finds
        // the edit counted after its snapshot and makes it a revision then (closed()). A part that a close moved to
        // the chat's next conversation is followed there.
        for (int attempt = 0; attempt < 3; attempt++) {
            Long conversation = jdbc.queryForObject("SELECT conversation_id FROM chat_part WHERE id = :part", p, Long.class);
            p.addValue("conv", conversation);
            if (jdbc.update("UPDATE chat_conversation SET edits = edits + 1 WHERE id = :conv AND state = 'OPEN'", p) == 1) {
                Map<String, Object> now = jdbc.queryForMap("""
                        SELECT c.edits, pt.body FROM chat_conversation c JOIN chat_part pt ON pt.conversation_id = c.id
                        WHERE c.id = :conv AND pt.id = :part""", p);
                jdbc.update("""
                        INSERT INTO chat_revision (ticket, part_id, channel, instance, external_id, provider_message_id, previous_body, body,
                            edited_at, raw, conversation_edit)
                        VALUES (NULL, :part, :channel, :instance, :ext, :pmid, :prev, :body, :at, :raw, :seq)""",
                        p.addValue("prev", now.get("body")).addValue("seq", ((Number) now.get("edits")).intValue()));
                jdbc.update("UPDATE chat_part SET previous_body = body, body = :body, edited_at = :at WHERE id = :part", p);
                return new EditResult(Edited.REPLACED, null);
            }
            Map<String, Object> closed = jdbc.queryForMap("""
                    SELECT c.ticket, pt.conversation_id, pt.body FROM chat_conversation c JOIN chat_part pt ON pt.id = :part
                    WHERE c.id = :conv""", p);
            if (!conversation.equals(((Number) closed.get("conversation_id")).longValue())) continue;   // moved on: follow it
            String ticket = (String) closed.get("ticket");
            if (ticket == null) return new EditResult(Edited.NO_COMPLAINT, null);
            jdbc.update("""
                    INSERT INTO chat_revision (ticket, part_id, channel, instance, external_id, provider_message_id, previous_body, body,
                        edited_at, raw)
                    VALUES (:ticket, :part, :channel, :instance, :ext, :pmid, :prev, :body, :at, :raw)""",
                    p.addValue("ticket", ticket).addValue("prev", closed.get("body")));
            return new EditResult(Edited.REVISION, ticket);
        }
        throw new org.springframework.dao.ConcurrencyFailureException("chat part " + found.get(0) + " kept moving while it was edited");
    }

    /** Revisions of a complaint by edited chat messages, oldest first; empty for other complaints. */
    public List<Revision> revisions(String ticket) {
        return jdbc.query("""
                SELECT id, ticket, provider_message_id, previous_body, body, edited_at FROM chat_revision
                WHERE ticket = :ticket ORDER BY id""", new MapSqlParameterSource("ticket", ticket),
                (rs, i) -> new Revision(rs.getLong("id"), rs.getString("ticket"), rs.getString("provider_message_id"),
                        rs.getString("previous_body"), rs.getString("body"), instant(rs, "edited_at")));
    }

    /**
     * Open conversations of {@code settings}' channel ready to close, oldest first: their last part arrived
     * before {@code now − quietPeriod} and either no media is PENDING or the last part is older than
     * {@code now − mediaWait} (the text is not held back longer; what is still pending is flagged).
     * Fetched media are read from the content-addressed store.
     */
    public List<ChatConversation> due(ChatChannelSettings settings, Instant now, int max) {
        MapSqlParameterSource p = new MapSqlParameterSource("channel", settings.channel().name())
                .addValue("quiet", Ledger.ts(now.minus(settings.quietPeriod())))
                .addValue("wait", Ledger.ts(now.minus(max(settings.mediaWait(), settings.quietPeriod()))))
                .addValue("max", max);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT c.id, c.channel, c.instance, c.conversation_key, c.opened_at, c.last_part_at FROM chat_conversation c
                WHERE c.channel = :channel AND c.state = 'OPEN' AND c.last_part_at < :quiet
                  AND (c.last_part_at < :wait
                       OR NOT EXISTS (SELECT 1 FROM chat_media m WHERE m.conversation_id = c.id AND m.state = 'PENDING'))
                ORDER BY c.last_part_at LIMIT :max""", p);
        List<ChatConversation> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) out.add(load(((Number) r.get("id")).longValue()).orElseThrow());
        return out;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** One conversation as it is now (open or closed), with its parts and media. */
    public Optional<ChatConversation> load(long id) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", id);
        List<ChatConversation> head = jdbc.query("""
                SELECT id, channel, instance, conversation_key, opened_at, last_part_at, edits FROM chat_conversation WHERE id = :id""", p,
                (rs, i) -> new ChatConversation(rs.getLong("id"), Channel.valueOf(rs.getString("channel")), rs.getString("instance"),
                        rs.getString("conversation_key"), instant(rs, "opened_at"), instant(rs, "last_part_at"), List.of(), List.of(), 0,
                        rs.getInt("edits")));
        if (head.isEmpty()) return Optional.empty();
        ChatConversation c = head.get(0);
        List<Long> partIds = new ArrayList<>();
        List<ChatPart> parts = jdbc.query("SELECT * FROM chat_part WHERE conversation_id = :id ORDER BY id", p, (rs, i) -> {
            partIds.add(rs.getLong("id"));
            double lat = rs.getDouble("latitude");
            ChatLocation loc = rs.wasNull() ? null : new ChatLocation(lat, rs.getDouble("longitude"));
            return new ChatPart(Channel.valueOf(rs.getString("channel")), rs.getString("instance"), rs.getString("conversation_key"),
                    rs.getString("external_id"), rs.getString("provider_message_id"), instant(rs, "received_at"),
                    new ChatReporter(rs.getString("reporter_id"), rs.getString("reporter_name"), rs.getString("reporter_phone")),
                    rs.getString("body"), List.of(), loc, rs.getBytes("raw"));
        });
        Map<Long, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < partIds.size(); i++) indexOf.put(partIds.get(i), i);
        Map<Integer, List<ChatMedia>> declared = new HashMap<>();
        List<ChatConversation.Attachment> attachments = jdbc.query(
                "SELECT * FROM chat_media WHERE conversation_id = :id ORDER BY part_id, position", p, (rs, i) -> {
                    int partIndex = indexOf.getOrDefault(rs.getLong("part_id"), -1);
                    long size = rs.getLong("declared_size");
                    ChatMedia m = new ChatMedia(rs.getString("file_id"), rs.getString("declared_type"), rs.getString("file_name"),
                            rs.wasNull() ? null : size, rs.getString("caption"));
                    declared.computeIfAbsent(partIndex, k -> new ArrayList<>()).add(m);
                    ChatConversation.MediaState state = ChatConversation.MediaState.valueOf(rs.getString("state"));
                    byte[] bytes = null;
                    String reason = rs.getString("reason");
                    if (state == ChatConversation.MediaState.FETCHED) {
                        bytes = blobs.get(rs.getString("sha256")).orElse(null);
                        if (bytes == null) {
                            state = ChatConversation.MediaState.UNAVAILABLE;
                            reason = "STORE_MISSING: fetched bytes not in the attachment store";
                        }
                    }
                    return new ChatConversation.Attachment(rs.getLong("id"), partIndex, m, state, bytes, rs.getString("media_type"), reason);
                });
        List<ChatPart> withMedia = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            ChatPart x = parts.get(i);
            withMedia.add(new ChatPart(x.channel(), x.instance(), x.conversationKey(), x.externalId(), x.providerMessageId(),
                    x.receivedAt(), x.reporter(), x.text(), declared.getOrDefault(i, List.of()), x.location(), x.raw()));
        }
        long lastPartId = partIds.isEmpty() ? 0 : partIds.get(partIds.size() - 1);
        // the edit count was read before the parts: an edit in between is in the text AND counted as after the
        // snapshot, so at worst it is also recorded as a revision, never left out
        return Optional.of(new ChatConversation(c.id(), c.channel(), c.instance(), c.conversationKey(), c.openedAt(), c.lastPartAt(),
                withMedia, attachments, lastPartId, c.edits()));
    }

    /**
     * Marks a conversation closed once what it became committed: {@code ticket} when it became (or
     * already was) a complaint, else {@code reason} (ignored, quarantined). Media still PENDING are marked
     * UNAVAILABLE. A part that joined after the snapshot ({@link ChatConversation#lastPartId()}) is moved
     * to a new open conversation of the same chat, so it is not lost. Idempotent.
     *
     * @return true when this call closed it, false when it was closed before
     */
    public boolean closed(ChatConversation c, String ticket, String reason, Instant now) {
        return closed(c, ticket, reason, now, null);
    }

    /**
     * {@link #closed(ChatConversation, String, String, Instant)}, running {@code alsoWhenClosedNow} in the same
     * transaction when this call closed it (queue an answer to the citizen there, so it goes out once).
     */
    public boolean closed(ChatConversation c, String ticket, String reason, Instant now, Runnable alsoWhenClosedNow) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            MapSqlParameterSource p = new MapSqlParameterSource("id", c.id()).addValue("ticket", ticket)
                    .addValue("reason", reason == null ? null : TextHygiene.cut(reason, 2000))
                    .addValue("now", Ledger.ts(now)).addValue("last", c.lastPartId());
            int n = jdbc.update("""
                    UPDATE chat_conversation SET state = 'CLOSED', open_key = NULL, closed_at = :now, ticket = :ticket,
                        close_reason = :reason WHERE id = :id AND state = 'OPEN'""", p);
            if (n == 0) return false;
            // edits counted after the snapshot are not in what it became: revisions of its complaint
            p.addValue("edits", c.edits());
            if (ticket != null) {
                jdbc.update("""
                        UPDATE chat_revision SET ticket = :ticket WHERE ticket IS NULL AND conversation_edit > :edits
                          AND part_id IN (SELECT id FROM chat_part WHERE conversation_id = :id AND id <= :last)""", p);
            }
            jdbc.update("""
                    UPDATE chat_media SET state = 'UNAVAILABLE', reason = 'PENDING_AT_CLOSE: not fetched before the conversation closed'
                    WHERE conversation_id = :id AND state = 'PENDING' AND part_id <= :last""", p);
            List<Long> late = jdbc.queryForList("SELECT id FROM chat_part WHERE conversation_id = :id AND id > :last", p, Long.class);
            if (!late.isEmpty()) {
                GeneratedKeyHolder keys = new GeneratedKeyHolder();
                jdbc.update("""
                        INSERT INTO chat_conversation (channel, instance, conversation_key, open_key, state, opened_at, last_part_at)
                        VALUES (:channel, :instance, :key, :openKey, 'OPEN', :now, :now)""",
                        p.addValue("channel", c.channel().name()).addValue("instance", c.instance()).addValue("key", c.conversationKey())
                                .addValue("openKey", openKey(c.channel(), c.instance(), c.conversationKey())), keys, new String[] {"id"});
                p.addValue("next", keys.getKey().longValue());
                // their edits are in their text, which the next conversation's snapshot reads
                jdbc.update("""
                        UPDATE chat_revision SET conversation_edit = NULL
                        WHERE part_id IN (SELECT id FROM chat_part WHERE conversation_id = :id AND id > :last)""", p);
                jdbc.update("UPDATE chat_part SET conversation_id = :next WHERE conversation_id = :id AND id > :last", p);
                jdbc.update("UPDATE chat_media SET conversation_id = :next WHERE conversation_id = :id AND part_id > :last", p);
            }
            if (alsoWhenClosedNow != null) alsoWhenClosedNow.run();
            return true;
        }));
    }

    /** Media of {@code channel} due for a fetch attempt at {@code now}, oldest first, at most {@code max}. */
    public List<PendingMedia> pendingMedia(Channel channel, Instant now, int max) {
        return jdbc.query("""
                SELECT id, channel, instance, file_id, declared_type, file_name, declared_size, caption, attempts FROM chat_media
                WHERE channel = :channel AND state = 'PENDING' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :max""",
                new MapSqlParameterSource("channel", channel.name()).addValue("now", Ledger.ts(now)).addValue("max", max), (rs, i) -> {
                    long size = rs.getLong("declared_size");
                    Long declaredSize = rs.wasNull() ? null : size;
                    return new PendingMedia(rs.getLong("id"), Channel.valueOf(rs.getString("channel")), rs.getString("instance"),
                            new ChatMedia(rs.getString("file_id"), rs.getString("declared_type"), rs.getString("file_name"),
                                    declaredSize, rs.getString("caption")), rs.getInt("attempts"));
                });
    }

    /** The media item's bytes are in the attachment store under {@code sha256}. */
    public void mediaFetched(long id, String sha256, String mediaType, long size) {
        jdbc.update("""
                UPDATE chat_media SET state = 'FETCHED', sha256 = :sha, media_type = :type, size_bytes = :size, attempts = attempts + 1,
                    reason = NULL WHERE id = :id AND state = 'PENDING'""",
                new MapSqlParameterSource("id", id).addValue("sha", sha256).addValue("type", mediaType).addValue("size", size));
    }

    /** A try failed and may pass: due again at {@code next}. */
    public void mediaRetry(long id, String reason, Instant next) {
        jdbc.update("""
                UPDATE chat_media SET attempts = attempts + 1, reason = :reason, next_attempt_at = :next WHERE id = :id AND state = 'PENDING'""",
                new MapSqlParameterSource("id", id).addValue("reason", cut(reason)).addValue("next", Ledger.ts(next)));
    }

    /** Given up: flagged on the complaint by name and {@code reason}. */
    public void mediaUnavailable(long id, String reason) {
        jdbc.update("""
                UPDATE chat_media SET state = 'UNAVAILABLE', attempts = attempts + 1, reason = :reason WHERE id = :id AND state = 'PENDING'""",
                new MapSqlParameterSource("id", id).addValue("reason", cut(reason)));
    }

    private static String cut(String s) {
        return s == null ? null : TextHygiene.cut(s, 1000);
    }

    /** Where a polling channel resumes (Telegram: the next getUpdates offset); empty before the first batch. */
    public OptionalLong cursor(Channel channel, String instance) {
        List<Long> v = jdbc.queryForList("SELECT position FROM chat_cursor WHERE channel = :channel AND instance = :instance",
                new MapSqlParameterSource("channel", channel.name()).addValue("instance", instance), Long.class);
        return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(v.get(0));
    }

    /**
     * Moves the cursor to {@code position} (never back), committed: call it only after every input below
     * {@code position} was stored.
     */
    public void advanceCursor(Channel channel, String instance, long position, Instant now) {
        tx.executeWithoutResult(s -> {
            MapSqlParameterSource p = new MapSqlParameterSource("channel", channel.name()).addValue("instance", instance)
                    .addValue("pos", position).addValue("now", Ledger.ts(now));
            int n = jdbc.update("""
                    UPDATE chat_cursor SET position = :pos, updated_at = :now
                    WHERE channel = :channel AND instance = :instance AND position < :pos""", p);
            if (n == 0 && cursor(channel, instance).isEmpty()) {
                jdbc.update("INSERT INTO chat_cursor (channel, instance, position, updated_at) VALUES (:channel, :instance, :pos, :now)", p);
            }
        });
    }

    /**
     * Open conversations of one channel.
     *
     * @param oldestOpenedAt    when the oldest was opened (null when none)
     * @param stalestLastPartAt the earliest last-part time among them: the one that should close first (null when none)
     */
    public record OpenStats(long count, Instant oldestOpenedAt, Instant stalestLastPartAt) {}

    /** {@link OpenStats} per chat channel with open conversations (one grouped query, for the chat health indicator). */
    public Map<Channel, OpenStats> openStats() {
        Map<Channel, OpenStats> out = new java.util.EnumMap<>(Channel.class);
        jdbc.query("""
                SELECT channel, COUNT(*) AS n, MIN(opened_at) AS oldest, MIN(last_part_at) AS stalest FROM chat_conversation
                WHERE state = 'OPEN' GROUP BY channel""", new MapSqlParameterSource(), rs -> {
            out.put(Channel.valueOf(rs.getString("channel")), new OpenStats(rs.getLong("n"), instant(rs, "oldest"), instant(rs, "stalest")));
        });
        return out;
    }

    /** Parts of open conversations (a gauge for ops). */
    public long waitingParts() {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM chat_part p JOIN chat_conversation c ON c.id = p.conversation_id WHERE c.state = 'OPEN'""",
                new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The complaint ledger (complaint, status history, attachment metadata). SQL with named parameters only. */
public class Ledger {

    private final NamedParameterJdbcTemplate jdbc;
    private final CanonicalJson json;
    private final Set<Channel> acknowledged;
    private final ReviewHold reviewHold;

    public Ledger(NamedParameterJdbcTemplate jdbc, CanonicalJson json) {
        this(jdbc, json, Set.of());
    }

    /** Without a review hold: every outbox row is due at its complaint's receipt. */
    public Ledger(NamedParameterJdbcTemplate jdbc, CanonicalJson json, Set<Channel> acknowledged) {
        this(jdbc, json, acknowledged, ReviewHold.NONE);
    }

    /**
     * @param acknowledged channels whose citizens are told their ticket: each new complaint from one of them
     *                     gets a PENDING ACK row in {@code citizen_reply}, in the same transaction
     * @param reviewHold   when the outbox row of a complaint marked for category review becomes due
     */
    public Ledger(NamedParameterJdbcTemplate jdbc, CanonicalJson json, Set<Channel> acknowledged, ReviewHold reviewHold) {
        this.jdbc = jdbc;
        this.json = json;
        this.acknowledged = Set.copyOf(acknowledged);
        this.reviewHold = reviewHold;
    }

    /** One entry of a complaint's status history. */
    public record StatusChange(ComplaintStatus status, String laporStatusName, String note, Instant changedAt) {}

    /** A list row, without the canonical body. */
    public record Summary(String ticket, Channel channel, ComplaintStatus status, Instant receivedAt,
                          String title, Long laporComplaintId, String laporStatusName, Instant slaDueAt, boolean overdue) {}

    public static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The ticket the sender was told for this provider message: the original's if it was a content duplicate. */
    public Optional<String> ticketByTransportKey(String transportKey) {
        if (transportKey == null) return Optional.empty();
        return jdbc.query("SELECT COALESCE(duplicate_of, ticket) FROM complaint WHERE transport_key = :k",
                new MapSqlParameterSource("k", transportKey), (rs, i) -> rs.getString(1)).stream().findFirst();
    }

    /** The earliest non-duplicate complaint of this sender with the same text since {@code since}. */
    public Optional<String> contentOriginal(String senderKey, String contentHash, Instant since) {
        return jdbc.query("""
                SELECT ticket FROM complaint
                WHERE sender_key = :sender AND content_hash = :hash AND received_at >= :since AND duplicate_of IS NULL
                ORDER BY received_at LIMIT 1""",
                new MapSqlParameterSource("sender", senderKey).addValue("hash", contentHash).addValue("since", ts(since)),
                (rs, i) -> rs.getString(1)).stream().findFirst();
    }

    /** An earlier non-duplicate complaint a new one may duplicate: its ticket and when it arrived. */
    public record Original(String ticket, Instant receivedAt) {}

    /** For each transport key already on record, the ticket its sender was told (the original's for a duplicate). */
    public Map<String, String> ticketsByTransportKeys(Collection<String> transportKeys) {
        Map<String, String> out = new HashMap<>();
        if (transportKeys.isEmpty()) return out;
        jdbc.query("SELECT transport_key, COALESCE(duplicate_of, ticket) FROM complaint WHERE transport_key IN (:keys)",
                new MapSqlParameterSource("keys", transportKeys), rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    /**
     * What a transport key already on record leads to: the ticket its sender was told (the original's for
     * a duplicate) and what identifies the input stored under it, its content hash and {@code source.raw_ref}
     * ({@code sha256:<hex>} of the raw bytes, null when there were none), so that a provider id reused for a
     * different input can be told from a redelivery of the same one.
     */
    public record Transported(String told, String contentHash, String rawRef) {}

    /** {@link Transported} for each of {@code transportKeys} on record (only hits read their canonical JSON). */
    public Map<String, Transported> transportedByKeys(Collection<String> transportKeys) {
        Map<String, Transported> out = new HashMap<>();
        if (transportKeys.isEmpty()) return out;
        jdbc.query("""
                SELECT transport_key, COALESCE(duplicate_of, ticket), content_hash, canonical_json
                FROM complaint WHERE transport_key IN (:keys)""",
                new MapSqlParameterSource("keys", transportKeys), rs -> {
                    String rawRef = json.read(rs.getString(4)).source().rawRef();
                    out.put(rs.getString(1), new Transported(rs.getString(2), rs.getString(3), rawRef));
                });
        return out;
    }

    /**
     * Non-duplicate complaints since {@code since} whose (sender, content hash) is among the given pairs,
     * oldest first per pair, keyed by {@link #contentKey}.
     */
    public Map<String, List<Original>> contentOriginals(Collection<String> senderKeys, Collection<String> contentHashes,
                                                        Instant since) {
        Map<String, List<Original>> out = new HashMap<>();
        if (senderKeys.isEmpty()) return out;
        jdbc.query("""
                SELECT sender_key, content_hash, ticket, received_at FROM complaint
                WHERE sender_key IN (:senders) AND content_hash IN (:hashes) AND received_at >= :since
                  AND duplicate_of IS NULL
                ORDER BY received_at""",
                new MapSqlParameterSource("senders", senderKeys).addValue("hashes", contentHashes).addValue("since", ts(since)),
                rs -> {
                    out.computeIfAbsent(contentKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new Original(rs.getString(3), instant(rs, "received_at")));
                });
        return out;
    }

    /** An earlier non-duplicate complaint with the same text, from whichever sender. */
    public record TextOriginal(String senderKey, String ticket, Instant receivedAt) {}

    /**
     * Earlier non-duplicate complaints with one of these texts from any sender since {@code since},
     * oldest first per content hash: what a complaint from another reporter shares its text with
     * (flag {@code SAME_TEXT_AS:<ticket>}). Served by index {@code complaint_content} (V9_16_21), which content dedup uses too.
     */
    public Map<String, List<TextOriginal>> textOriginals(Collection<String> contentHashes, Instant since) {
        Map<String, List<TextOriginal>> out = new HashMap<>();
        if (contentHashes.isEmpty()) return out;
        jdbc.query("""
                SELECT content_hash, sender_key, ticket, received_at FROM complaint
                WHERE content_hash IN (:hashes) AND received_at >= :since AND duplicate_of IS NULL
                ORDER BY received_at""",
                new MapSqlParameterSource("hashes", contentHashes).addValue("since", ts(since)),
                rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new TextOriginal(rs.getString(2), rs.getString(3), instant(rs, "received_at")));
                });
        return out;
    }

    /** The key {@link #contentOriginals} groups by: one sender's one text. */
    public static String contentKey(String senderKey, String contentHash) {
        return senderKey + "\n" + contentHash;
    }

    /**
     * A complaint row with the keys it is found by.
     *
     * @param rawInline the raw input when it is kept in the row (small inputs; see V7), else null
     */
    public record NewRow(Complaint complaint, String senderKey, String transportKey, String contentHash, byte[] rawInline) {}

    /**
     * Inserts several complaints with their attachment metadata, and queues the non-duplicates for
     * LAPOR! (a complaint marked for category review due only when its {@link ReviewHold} ends, unless an
     * admin releases it first): one JDBC batch per table, in the caller's transaction. The first history entry (received,
     * or duplicate of) is not written: it is the complaint row itself, and {@link #history} reads it
     * from there. One row and one ticket-keyed index entry fewer per complaint is what the embedded
     * store notices most at high intake rates (StoreCeilingBenchmark).
     */
    public void insertAll(List<NewRow> rows) {
        List<MapSqlParameterSource> complaints = new ArrayList<>(rows.size());
        List<MapSqlParameterSource> attachments = new ArrayList<>();
        List<MapSqlParameterSource> outbox = new ArrayList<>(rows.size());
        List<MapSqlParameterSource> acks = new ArrayList<>();
        for (NewRow r : rows) {
            Complaint c = r.complaint();
            complaints.add(complaintParams(r));
            int position = 0;
            for (Complaint.Attachment a : c.attachments()) attachments.add(attachmentParams(c.ticket(), position++, a));
            if (c.duplicateOf() == null) outbox.add(outboxParams(c));
            if (acknowledged.contains(c.channel()) && ackRecipient(c).isPresent()) {
                acks.add(ackParams(c));
            }
        }
        jdbc.batchUpdate(INSERT_COMPLAINT, complaints.toArray(MapSqlParameterSource[]::new));
        if (!attachments.isEmpty()) jdbc.batchUpdate(INSERT_ATTACHMENT, attachments.toArray(MapSqlParameterSource[]::new));
        if (!outbox.isEmpty()) jdbc.batchUpdate(INSERT_OUTBOX, outbox.toArray(MapSqlParameterSource[]::new));
        if (!acks.isEmpty()) jdbc.batchUpdate(INSERT_ACK, acks.toArray(MapSqlParameterSource[]::new));
    }

    public void addHistory(String ticket, ComplaintStatus status, String laporStatusName, String note, Instant at) {
        jdbc.update(INSERT_HISTORY, historyParams(ticket, status, laporStatusName, note, at));
    }

    private static final String INSERT_COMPLAINT = """
            INSERT INTO complaint (ticket, channel, instance, sender_key, external_id, transport_key, content_hash,
                status, received_at, sla_due_at, duplicate_of, follow_up_of, canonical_json, raw_inline)
            VALUES (:ticket, :channel, :instance, :sender, :externalId, :transportKey, :contentHash,
                :status, :receivedAt, :slaDueAt, :duplicateOf, :followUpOf, :json, :rawInline)""";
    private static final String INSERT_ATTACHMENT = """
            INSERT INTO complaint_attachment (ticket, position, filename, media_type, size_bytes, sha256)
            VALUES (:ticket, :position, :filename, :mediaType, :size, :sha)""";
    private static final String INSERT_HISTORY = """
            INSERT INTO complaint_status_history (ticket, status, lapor_status_name, note, changed_at)
            VALUES (:ticket, :status, :laporName, :note, :at)""";
    private static final String INSERT_OUTBOX = """
            INSERT INTO outbox (ticket, channel, state, attempts, created_at, next_attempt_at, held_until)
            VALUES (:ticket, :channel, 'PENDING', 0, :now, :due, :heldUntil)""";

    private static final String INSERT_ACK = """
            INSERT INTO citizen_reply (channel, instance, recipient, kind, ticket, state, attempts, created_at, next_attempt_at)
            VALUES (:channel, :instance, :recipient, 'ACK', :ticket, 'PENDING', 0, :now, :now)""";

    /** Whether complaints of {@code channel} get an acknowledgement row (the channel and its replies are enabled). */
    public boolean acknowledges(Channel channel) {
        return acknowledged.contains(channel);
    }

    /**
     * Where the ticket acknowledgement of {@code c} goes, and so every later reply about it (status updates): the
     * reporter's {@code channel_user_id} as the channel's normaliser set it ({@code tel:+62…}, {@code mailto:…},
     * {@code telegram:<id>}, {@code whatsapp:+62…}), that is the sender's own address on the channel it came by.
     * Empty when the complaint has none (a letter without contact, a social post).
     */
    public static Optional<String> ackRecipient(Complaint c) {
        return c.reporter() == null ? Optional.empty() : Optional.ofNullable(c.reporter().channelUserId());
    }

    /** The citizen is told the ticket to quote: the original's for a duplicate. */
    private static MapSqlParameterSource ackParams(Complaint c) {
        return new MapSqlParameterSource("channel", c.channel().name()).addValue("instance", c.source().instance())
                .addValue("recipient", ackRecipient(c).orElseThrow())
                .addValue("ticket", c.duplicateOf() == null ? c.ticket() : c.duplicateOf())
                .addValue("now", ts(c.receivedAt()));
    }

    private MapSqlParameterSource complaintParams(NewRow r) {
        Complaint c = r.complaint();
        return new MapSqlParameterSource()
                .addValue("ticket", c.ticket())
                .addValue("channel", c.channel().name())
                .addValue("instance", c.source().instance())
                .addValue("sender", r.senderKey())
                .addValue("externalId", c.source().externalId())
                .addValue("transportKey", r.transportKey())
                .addValue("contentHash", r.contentHash())
                .addValue("status", c.status().name())
                .addValue("receivedAt", ts(c.receivedAt()))
                .addValue("slaDueAt", ts(c.slaDueAt()))
                .addValue("duplicateOf", c.duplicateOf())
                .addValue("followUpOf", c.followUpOf())
                .addValue("json", json.write(c))
                .addValue("rawInline", r.rawInline());
    }

    private static MapSqlParameterSource attachmentParams(String ticket, int position, Complaint.Attachment a) {
        return new MapSqlParameterSource("ticket", ticket).addValue("position", position)
                .addValue("filename", a.filename()).addValue("mediaType", a.mediaType())
                .addValue("size", a.sizeBytes()).addValue("sha", a.sha256());
    }

    private static MapSqlParameterSource historyParams(String ticket, ComplaintStatus status, String laporStatusName,
                                                       String note, Instant at) {
        return new MapSqlParameterSource("ticket", ticket).addValue("status", status.name())
                .addValue("laporName", laporStatusName)
                .addValue("note", note == null ? null : TextHygiene.cut(note, 2000))
                .addValue("at", ts(at));
    }

    private MapSqlParameterSource outboxParams(Complaint c) {
        Instant heldUntil = reviewHold.heldUntil(c).orElse(null);
        return new MapSqlParameterSource("ticket", c.ticket()).addValue("channel", c.channel().name())
                .addValue("now", ts(c.receivedAt())).addValue("due", ts(heldUntil == null ? c.receivedAt() : heldUntil))
                .addValue("heldUntil", heldUntil == null ? null : ts(heldUntil));
    }

    /** The entry every complaint starts with, read off its row: received on its channel, or a duplicate. */
    private static StatusChange firstEntry(String channel, String duplicateOf, Instant receivedAt) {
        return duplicateOf == null
                ? new StatusChange(ComplaintStatus.RECEIVED, null, "received on " + channel, receivedAt)
                : new StatusChange(ComplaintStatus.DUPLICATE, null, "duplicate of " + duplicateOf, receivedAt);
    }

    /** Current state of one complaint: canonical body with status, LAPOR! fields and overdue from the columns. */
    public Optional<Complaint> find(String ticket) {
        return jdbc.query("""
                SELECT canonical_json, status, lapor_complaint_id, lapor_status_name, forwarded_at, overdue
                FROM complaint WHERE ticket = :ticket""",
                new MapSqlParameterSource("ticket", ticket), (rs, i) -> {
                    Complaint stored = json.read(rs.getString("canonical_json"));
                    long laporId = rs.getLong("lapor_complaint_id");
                    Complaint.Lapor lapor = new Complaint.Lapor(rs.wasNull() ? null : laporId,
                            rs.getString("lapor_status_name"), instant(rs, "forwarded_at"));
                    return stored.withStatus(ComplaintStatus.valueOf(rs.getString("status")), lapor, rs.getBoolean("overdue"));
                }).stream().findFirst();
    }

    /** The raw input kept in the complaint's row (see {@link NewRow#rawInline}); empty when it is a blob file or unknown. */
    public Optional<byte[]> rawInline(String ticket) {
        return jdbc.query("SELECT raw_inline FROM complaint WHERE ticket = :ticket AND raw_inline IS NOT NULL",
                new MapSqlParameterSource("ticket", ticket), (rs, i) -> rs.getBytes(1)).stream().findFirst();
    }

    /** The complaint's status changes, oldest first, starting with its arrival; empty for an unknown ticket. */
    public List<StatusChange> history(String ticket) {
        MapSqlParameterSource p = new MapSqlParameterSource("ticket", ticket);
        List<StatusChange> out = new ArrayList<>(jdbc.query(
                "SELECT channel, duplicate_of, received_at FROM complaint WHERE ticket = :ticket", p,
                (rs, i) -> firstEntry(rs.getString("channel"), rs.getString("duplicate_of"), instant(rs, "received_at"))));
        if (out.isEmpty()) return out;
        out.addAll(jdbc.query("""
                SELECT status, lapor_status_name, note, changed_at FROM complaint_status_history
                WHERE ticket = :ticket ORDER BY id""", p,
                (rs, i) -> new StatusChange(ComplaintStatus.valueOf(rs.getString("status")),
                        rs.getString("lapor_status_name"), rs.getString("note"), instant(rs, "changed_at"))));
        return out;
    }

    public List<Summary> search(Channel channel, ComplaintStatus status, Instant since, int page, int size) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("channel", channel == null ? null : channel.name())
                .addValue("status", status == null ? null : status.name())
                .addValue("since", ts(since == null ? Instant.EPOCH : since))
                .addValue("limit", size).addValue("offset", (long) page * size);
        return jdbc.query("""
                SELECT ticket, channel, status, received_at, canonical_json, lapor_complaint_id, lapor_status_name,
                       sla_due_at, overdue
                FROM complaint
                WHERE (CAST(:channel AS VARCHAR(16)) IS NULL OR channel = :channel)
                  AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)
                  AND received_at >= :since
                ORDER BY received_at DESC, ticket
                LIMIT :limit OFFSET :offset""", p, (rs, i) -> {
            long laporId = rs.getLong("lapor_complaint_id");
            Long lid = rs.wasNull() ? null : laporId;
            return new Summary(rs.getString("ticket"), Channel.valueOf(rs.getString("channel")),
                    ComplaintStatus.valueOf(rs.getString("status")), instant(rs, "received_at"),
                    json.read(rs.getString("canonical_json")).title(), lid, rs.getString("lapor_status_name"),
                    instant(rs, "sla_due_at"), rs.getBoolean("overdue"));
        });
    }

    public long count(Channel channel, ComplaintStatus status, Instant since) {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM complaint
                WHERE (CAST(:channel AS VARCHAR(16)) IS NULL OR channel = :channel)
                  AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)
                  AND received_at >= :since""",
                new MapSqlParameterSource().addValue("channel", channel == null ? null : channel.name())
                        .addValue("status", status == null ? null : status.name())
                        .addValue("since", ts(since == null ? Instant.EPOCH : since)), Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Since when status sync finds the complaint missing at LAPOR! ({@code lapor_missing_since}: LAPOR! answered 404
     * for its number, see {@code forward.StatusSync}); empty when it is not marked or the ticket is unknown.
     */
    public Optional<Instant> laporMissingSince(String ticket) {
        return jdbc.query("SELECT lapor_missing_since FROM complaint WHERE ticket = :ticket AND lapor_missing_since IS NOT NULL",
                new MapSqlParameterSource("ticket", ticket), (rs, i) -> instant(rs, "lapor_missing_since")).stream().findFirst();
    }

    /**
     * Locks the complaint's row ({@code FOR UPDATE}) when it is marked missing at LAPOR! and returns the LAPOR!
     * number LAPOR! answered 404 for; empty (nothing locked) when it is not marked. Caller's transaction: an admin's
     * action on the mark reads it here, so two admins (or status sync clearing it) cannot both act on it.
     */
    public Optional<Long> lockLaporMissing(String ticket) {
        return jdbc.query("""
                SELECT lapor_complaint_id FROM complaint WHERE ticket = :ticket AND lapor_missing_since IS NOT NULL
                FOR UPDATE""", new MapSqlParameterSource("ticket", ticket), (rs, i) -> rs.getLong(1)).stream().findFirst();
    }

    /**
     * Forgets the complaint's LAPOR! report (gone from LAPOR!; an admin re-sends the complaint as a new one):
     * clears its LAPOR! number, LAPOR! status name, forwarding time, last status sync and missing mark. The status
     * and its history line are the caller's ({@link #changeStatus}). Caller's transaction.
     */
    public void forgetLaporReport(String ticket) {
        jdbc.update("""
                UPDATE complaint SET lapor_complaint_id = NULL, lapor_status_name = NULL, forwarded_at = NULL,
                    last_synced_at = NULL, lapor_missing_since = NULL WHERE ticket = :ticket""",
                new MapSqlParameterSource("ticket", ticket));
    }

    /** Clears the complaint's missing-at-LAPOR! mark (an admin closed it in the gateway). Caller's transaction. */
    public void clearLaporMissing(String ticket) {
        jdbc.update("UPDATE complaint SET lapor_missing_since = NULL WHERE ticket = :ticket",
                new MapSqlParameterSource("ticket", ticket));
    }

    /** Sets status (and optionally LAPOR! fields) and records the change in the history. */
    public void changeStatus(String ticket, ComplaintStatus status, Long laporId, String laporStatusName,
                             Instant forwardedAt, String note, Instant at) {
        jdbc.update("""
                UPDATE complaint SET status = :status,
                    lapor_complaint_id = COALESCE(:laporId, lapor_complaint_id),
                    lapor_status_name = COALESCE(:laporName, lapor_status_name),
                    forwarded_at = COALESCE(:forwardedAt, forwarded_at)
                WHERE ticket = :ticket""",
                new MapSqlParameterSource("ticket", ticket).addValue("status", status.name())
                        .addValue("laporId", laporId).addValue("laporName", laporStatusName)
                        .addValue("forwardedAt", ts(forwardedAt)));
        addHistory(ticket, status, laporStatusName, note, at);
    }
}

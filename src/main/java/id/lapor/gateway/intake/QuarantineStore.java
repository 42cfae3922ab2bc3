package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Quarantine: raw input kept with its bytes (in the content-addressed store), channel and reason.
 * The same raw bytes quarantined again on the same channel while the first is still open only
 * count up {@code seen_count}: a sender retrying a bad message does not flood the review list.
 */
public class QuarantineStore {

    /**
     * OPEN (waiting for review), REPLAYED (became {@code replayed_ticket}), IGNORED (replay said it is not
     * a complaint), DISMISSED (an admin closed it from the console with a note, never replayed).
     */
    public enum State { OPEN, REPLAYED, IGNORED, DISMISSED }

    public record Item(long id, Channel channel, String instance, String externalId, ReasonClass reasonClass,
                       String reason, String rawSha256, long rawSize, String rawMediaType, Instant receivedAt,
                       Instant lastSeenAt, int seenCount, State state, int replayCount, String replayedTicket) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final AttachmentStore blobs;

    public QuarantineStore(NamedParameterJdbcTemplate jdbc, AttachmentStore blobs) {
        this.jdbc = jdbc;
        this.blobs = blobs;
    }

    /** Must run inside a transaction (the caller's); returns the quarantine id. */
    public long put(Channel channel, String instance, String externalId, byte[] raw, String rawMediaType,
                    ReasonClass reasonClass, String reason, Instant now) {
        byte[] bytes = raw == null ? new byte[0] : raw;
        String sha = blobs.put(bytes);
        String why = reason == null ? reasonClass.name() : storableReason(reason);
        List<Long> open = jdbc.query("""
                SELECT id FROM quarantine WHERE channel = :channel AND raw_sha256 = :sha AND state = 'OPEN'
                ORDER BY id LIMIT 1""",
                new MapSqlParameterSource("channel", channel.name()).addValue("sha", sha), (rs, i) -> rs.getLong(1));
        if (!open.isEmpty()) {
            jdbc.update("""
                    UPDATE quarantine SET seen_count = seen_count + 1, last_seen_at = :now,
                        reason_class = :reasonClass, reason = :reason WHERE id = :id""",
                    new MapSqlParameterSource("id", open.get(0)).addValue("now", Ledger.ts(now))
                            .addValue("reasonClass", reasonClass.name()).addValue("reason", why));
            return open.get(0);
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO quarantine (channel, instance, external_id, reason_class, reason, raw_sha256, raw_size,
                    raw_media_type, received_at, last_seen_at, state)
                VALUES (:channel, :instance, :externalId, :reasonClass, :reason, :sha, :size, :mediaType, :now, :now, 'OPEN')""",
                new MapSqlParameterSource("channel", channel.name()).addValue("instance", instance)
                        .addValue("externalId", externalId).addValue("reasonClass", reasonClass.name())
                        .addValue("reason", why).addValue("sha", sha).addValue("size", (long) bytes.length)
                        .addValue("mediaType", rawMediaType).addValue("now", Ledger.ts(now)),
                keys, new String[] {"id"});
        return keys.getKey().longValue();
    }

    public Optional<Item> find(long id) {
        return jdbc.query("SELECT * FROM quarantine WHERE id = :id", new MapSqlParameterSource("id", id), this::row)
                .stream().findFirst();
    }

    public List<Item> list(Channel channel, State state, int page, int size) {
        return jdbc.query("""
                SELECT * FROM quarantine
                WHERE (CAST(:channel AS VARCHAR(16)) IS NULL OR channel = :channel)
                  AND (CAST(:state AS VARCHAR(16)) IS NULL OR state = :state)
                ORDER BY id DESC LIMIT :limit OFFSET :offset""",
                new MapSqlParameterSource("channel", channel == null ? null : channel.name())
                        .addValue("state", state == null ? null : state.name())
                        .addValue("limit", size).addValue("offset", (long) page * size), this::row);
    }

    public long countOpen() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE state = 'OPEN'", new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }

    public Optional<byte[]> raw(Item item) {
        return blobs.get(item.rawSha256());
    }

    public void markReplayed(long id, State state, String ticket, String reason, Instant now) {
        jdbc.update("""
                UPDATE quarantine SET state = :state, replayed_ticket = :ticket, replay_count = replay_count + 1,
                    last_replay_at = :now, reason = COALESCE(:reason, reason) WHERE id = :id""",
                new MapSqlParameterSource("id", id).addValue("state", state.name()).addValue("ticket", ticket)
                        .addValue("reason", reason == null ? null : storableReason(reason)).addValue("now", Ledger.ts(now)));
    }

    /** {@code quarantine.reason}: characters. */
    static final int REASON_MAX = 2000;

    /**
     * A reason as the column can hold it: without NUL, other control characters and lone surrogates
     * ({@link TextHygiene#clean}), at most {@value #REASON_MAX} characters (a surrogate pair is not cut in two).
     * Reasons quote what was wrong in the input (a platform, a field name, a file name): with a NUL in it,
     * PostgreSQL refused the insert ("invalid byte sequence for encoding UTF8: 0x00"), so the input was not
     * quarantined at all and its sender got 503 on every retry.
     */
    static String storableReason(String reason) {
        String r = TextHygiene.clean(reason);
        if (r.isEmpty()) return "(no reason given)";
        return TextHygiene.cut(r, REASON_MAX);
    }

    private Item row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Item(rs.getLong("id"), Channel.valueOf(rs.getString("channel")), rs.getString("instance"),
                rs.getString("external_id"), ReasonClass.valueOf(rs.getString("reason_class")), rs.getString("reason"),
                rs.getString("raw_sha256"), rs.getLong("raw_size"), rs.getString("raw_media_type"),
                Ledger.instant(rs, "received_at"), Ledger.instant(rs, "last_seen_at"), rs.getInt("seen_count"),
                State.valueOf(rs.getString("state")), rs.getInt("replay_count"), rs.getString("replayed_ticket"));
    }
}

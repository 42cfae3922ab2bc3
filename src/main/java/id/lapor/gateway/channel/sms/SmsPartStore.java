package id.lapor.gateway.channel.sms;

import id.lapor.gateway.intake.Ledger;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Durable parts of multipart SMS (table {@code sms_part}). Each {@link #add} commits on its own before
 * the part's deliver_sm_resp, so a restart between parts loses nothing; a part received twice is
 * stored once. Parts are marked settled once the message assembled from them committed, and purged
 * after the multipart timeout.
 */
public class SmsPartStore {

    private final NamedParameterJdbcTemplate jdbc;

    public SmsPartStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #add} did. */
    public enum Added { STORED, DUPLICATE, OF_SETTLED_MESSAGE }

    /**
     * Stores a part. A part received before is stored once: DUPLICATE while its message is still
     * waiting, OF_SETTLED_MESSAGE when that message already became a complaint. The same key with
     * different content after the message settled is a new message reusing the reference: the old
     * parts go and this one is stored.
     */
    public Added add(SmsPart p) {
        for (int attempt = 0; ; attempt++) {
            try {
                insert(p);
                return Added.STORED;
            } catch (DuplicateKeyException e) {
                var params = new MapSqlParameterSource("key", p.messageKey()).addValue("seq", p.seq());
                var existing = jdbc.query("SELECT user_data, settled_at FROM sms_part WHERE message_key = :key AND seq = :seq",
                        params, (rs, i) -> new Object[] {rs.getString(1), rs.getObject(2)});
                if (existing.isEmpty()) {
                    if (attempt < 2) continue;
                    return Added.DUPLICATE;
                }
                boolean settled = existing.get(0)[1] != null;
                boolean same = Base64.getEncoder().encodeToString(p.userData()).equals(existing.get(0)[0]);
                if (!settled) return Added.DUPLICATE;
                if (same || attempt >= 2) return Added.OF_SETTLED_MESSAGE;
                jdbc.update("DELETE FROM sms_part WHERE message_key = :key AND settled_at IS NOT NULL", params);
            }
        }
    }

    private void insert(SmsPart p) {
        jdbc.update("""
                INSERT INTO sms_part (message_key, seq, total, sender_ton, sender, destination, instance, data_coding,
                    header_length, user_data, received_at)
                VALUES (:key, :seq, :total, :ton, :sender, :destination, :instance, :dc, :hl, :ud, :at)""",
                new MapSqlParameterSource("key", p.messageKey()).addValue("seq", p.seq()).addValue("total", p.total())
                        .addValue("ton", p.senderTon()).addValue("sender", p.sender()).addValue("destination", p.destination())
                        .addValue("instance", p.instance()).addValue("dc", p.dataCoding()).addValue("hl", p.headerLength())
                        .addValue("ud", Base64.getEncoder().encodeToString(p.userData()))
                        .addValue("at", Ledger.ts(p.receivedAt())));
    }

    public List<SmsPart> parts(String messageKey) {
        return jdbc.query("SELECT * FROM sms_part WHERE message_key = :key AND settled_at IS NULL ORDER BY seq",
                new MapSqlParameterSource("key", messageKey), (rs, i) -> new SmsPart(rs.getString("message_key"),
                        rs.getInt("seq"), rs.getInt("total"), rs.getInt("sender_ton"), rs.getString("sender"),
                        rs.getString("destination"), rs.getString("instance"), rs.getInt("data_coding"),
                        rs.getInt("header_length"), Base64.getDecoder().decode(rs.getString("user_data")),
                        rs.getObject("received_at", java.time.OffsetDateTime.class).toInstant()));
    }

    /** Messages whose first part arrived before {@code before}: their time to wait for the rest is up. */
    public List<String> expired(Instant before, int max) {
        return jdbc.queryForList("""
                SELECT message_key FROM sms_part WHERE settled_at IS NULL
                GROUP BY message_key HAVING MIN(received_at) < :before
                ORDER BY MIN(received_at) LIMIT :max""",
                new MapSqlParameterSource("before", Ledger.ts(before)).addValue("max", max), String.class);
    }

    /** The message made of these parts committed. */
    public int settle(String messageKey, Instant now) {
        return jdbc.update("UPDATE sms_part SET settled_at = :now WHERE message_key = :key AND settled_at IS NULL",
                new MapSqlParameterSource("key", messageKey).addValue("now", Ledger.ts(now)));
    }

    /** Forgets settled parts older than {@code before}. */
    public int purgeSettled(Instant before) {
        return jdbc.update("DELETE FROM sms_part WHERE settled_at < :before", new MapSqlParameterSource("before", Ledger.ts(before)));
    }

    public long waitingParts() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM sms_part WHERE settled_at IS NULL", new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }
}

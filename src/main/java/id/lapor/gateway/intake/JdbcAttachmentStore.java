package id.lapor.gateway.intake;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.support.SqlBinaryValue;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AttachmentStore} in the ledger's database ({@code gateway.blobs.type=database}, the default on
 * PostgreSQL): tables {@code blob_store} (one row per SHA-256: size, chunk count) and {@code blob_store_chunk}
 * (the bytes in chunks of {@code chunkSize}, {@code BYTEA}), from migration {@code V9_19_20}. Every node
 * sharing the database reads what any node stored.
 * <p>
 * Writing: the blob row is inserted with {@code ON CONFLICT DO NOTHING} (PostgreSQL, and H2 in PostgreSQL
 * mode): only the transaction that inserted it writes the chunks, in the same transaction (joined when the
 * caller has one, e.g. a quarantine write), so the same bytes stored by two nodes at once end up stored once
 * and a blob row is never committed without its chunks. Each chunk is handed to the driver as a stream over
 * the caller's array ({@link SqlBinaryValue}), not copied.
 * <p>
 * Reading: the chunks are read in order inside a read-only transaction with a small fetch size (PostgreSQL
 * then uses a cursor), into one array of the recorded size: besides the result, at most a couple of chunks
 * are held. A missing chunk, a size that does not add up or a hash that differs is a
 * {@link CorruptBlobException} naming what is wrong.
 */
public final class JdbcAttachmentStore implements AttachmentStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate write;
    private final TransactionTemplate read;
    private final int chunkSize;
    private final Clock clock;

    /**
     * @param dataSource the ledger's data source
     * @param tm         its transaction manager
     * @param chunkSize  bytes per chunk row (1 KB to 64 MB)
     */
    public JdbcAttachmentStore(DataSource dataSource, PlatformTransactionManager tm, int chunkSize, Clock clock) {
        if (chunkSize < 1024 || chunkSize > 64 * 1024 * 1024) throw new IllegalArgumentException("chunk size " + chunkSize + " outside 1 KB..64 MB");
        JdbcTemplate t = new JdbcTemplate(dataSource);
        t.setFetchSize(2);
        this.jdbc = new NamedParameterJdbcTemplate(t);
        this.write = new TransactionTemplate(tm);
        this.read = new TransactionTemplate(tm);
        this.read.setReadOnly(true);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.chunkSize = chunkSize;
        this.clock = clock;
    }

    @Override
    public String put(byte[] bytes) {
        String sha = TextFingerprint.sha256Hex(bytes);
        int chunks = Math.max(1, (bytes.length + chunkSize - 1) / chunkSize);
        try {
            write.executeWithoutResult(s -> {
                int inserted = jdbc.update("""
                        INSERT INTO blob_store (sha256, size_bytes, chunks, stored_at) VALUES (:sha, :size, :chunks, :at)
                        ON CONFLICT DO NOTHING""", new MapSqlParameterSource("sha", sha).addValue("size", bytes.length)
                        .addValue("chunks", chunks).addValue("at", Timestamp.from(clock.instant())));
                if (inserted == 0) return; // stored before (or by a transaction that just committed)
                for (int seq = 0; seq < chunks; seq++) {
                    int off = seq * chunkSize;
                    int len = Math.min(chunkSize, bytes.length - off);
                    jdbc.update("INSERT INTO blob_store_chunk (sha256, seq, data) VALUES (:sha, :seq, :data)",
                            new MapSqlParameterSource("sha", sha).addValue("seq", seq)
                                    .addValue("data", new SqlBinaryValue(new ByteArrayInputStream(bytes, off, len), len)));
                }
            });
        } catch (DataAccessException e) {
            throw new BlobStoreUnavailableException("cannot store blob " + sha + " in the database: " + e.getMessage(), e);
        }
        return sha;
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        if (!AttachmentStore.isKey(sha256)) return Optional.empty();
        try {
            return read.execute(s -> {
                List<Map<String, Object>> head = jdbc.queryForList(
                        "SELECT size_bytes, chunks FROM blob_store WHERE sha256 = :sha", Map.of("sha", sha256));
                if (head.isEmpty()) return Optional.<byte[]>empty();
                long size = ((Number) head.get(0).get("size_bytes")).longValue();
                int chunks = ((Number) head.get(0).get("chunks")).intValue();
                if (size > Integer.MAX_VALUE - 16) throw new CorruptBlobException(sha256, describe(), "recorded size " + size + " too large");
                byte[] out = new byte[(int) size];
                int[] state = {0, 0}; // next seq, bytes filled
                jdbc.query("SELECT seq, data FROM blob_store_chunk WHERE sha256 = :sha ORDER BY seq", Map.of("sha", sha256), rs -> {
                    int seq = rs.getInt("seq");
                    if (seq != state[0]) throw new CorruptBlobException(sha256, describe(), "chunk " + state[0] + " of " + chunks + " missing");
                    try (InputStream in = rs.getBinaryStream("data")) {
                        int n;
                        while (in != null && (n = in.read(out, state[1], Math.min(out.length - state[1], 1 << 16))) > 0) state[1] += n;
                        if (in != null && in.read() != -1) throw new CorruptBlobException(sha256, describe(), "chunks hold more than the recorded " + size + " bytes");
                    } catch (IOException e) {
                        throw new BlobStoreUnavailableException("cannot read blob " + sha256 + " from the database: " + e, e);
                    }
                    state[0]++;
                });
                if (state[0] != chunks) throw new CorruptBlobException(sha256, describe(), state[0] + " of " + chunks + " chunks stored");
                if (state[1] != size) throw new CorruptBlobException(sha256, describe(), state[1] + " of " + size + " bytes stored");
                AttachmentStore.verify(sha256, out, describe());
                return Optional.of(out);
            });
        } catch (DataAccessException e) {
            throw new BlobStoreUnavailableException("cannot read blob " + sha256 + " from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(String sha256) {
        if (!AttachmentStore.isKey(sha256)) return false;
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM blob_store WHERE sha256 = :sha", Map.of("sha", sha256), Integer.class);
        return n != null && n > 0;
    }

    @Override
    public String describe() {
        return "database";
    }
}

package id.lapor.gateway.intake;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed store for attachment and raw-input bytes, keyed by the lowercase hex SHA-256 of the
 * bytes (64 characters): the same bytes always get the same key and are stored once. Where the bytes live
 * is configuration ({@code gateway.blobs.type}, see {@code BlobStoreConfiguration}):
 * <ul>
 *   <li>{@link FileAttachmentStore} ({@code file}): a folder of this node, the embedded default for one node;</li>
 *   <li>{@link JdbcAttachmentStore} ({@code database}): tables in the ledger's database, the default on
 *       PostgreSQL, so every node forwards what any node received;</li>
 *   <li>{@link S3AttachmentStore} ({@code s3}): an S3-compatible object store shared by the nodes.</li>
 * </ul>
 * Every implementation hashes what it reads back: bytes whose SHA-256 is not their key are never returned
 * ({@link CorruptBlobException}); a key the store does not hold is {@link Optional#empty()}; a store that
 * cannot be reached throws {@link BlobStoreUnavailableException}. {@code put} returns only once the bytes are
 * durable in the store (or joins the caller's transaction for the database store).
 */
public interface AttachmentStore {

    /** A SHA-256 key as the store names blobs: 64 lowercase hex digits. */
    Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Stores the bytes if the store does not hold them yet and returns their SHA-256 (64 lowercase hex).
     *
     * @throws BlobStoreUnavailableException when the store cannot be written
     */
    String put(byte[] bytes);

    /**
     * The bytes stored under {@code sha256}, verified against it; empty when the store holds no such blob or
     * the key is not a SHA-256.
     *
     * @throws CorruptBlobException when the stored bytes do not hash to their key (or are incomplete)
     * @throws BlobStoreUnavailableException when the store cannot be read
     */
    Optional<byte[]> get(String sha256);

    /** Whether the store holds a blob under {@code sha256} (not verified). */
    boolean contains(String sha256);

    /** What the store is, for logs and health: {@code file:/data/blobs}, {@code database}, {@code s3://bucket/prefix}. */
    String describe();

    /** Stored bytes that are not what their key says: an error to report with its reason, never to pass on. */
    final class CorruptBlobException extends RuntimeException {
        private final String sha256;

        public CorruptBlobException(String sha256, String store, String why) {
            super("blob " + sha256 + " in " + store + " is corrupt: " + why);
            this.sha256 = sha256;
        }

        public String sha256() {
            return sha256;
        }
    }

    /** The store could not be reached or answered with an error: transient, try again later. */
    final class BlobStoreUnavailableException extends RuntimeException {
        public BlobStoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Hex SHA-256 of the bytes; verification shared by the implementations. */
    static void verify(String sha256, byte[] bytes, String store) {
        String actual = TextFingerprint.sha256Hex(bytes);
        if (!actual.equals(sha256)) {
            throw new CorruptBlobException(sha256, store, bytes.length + " bytes that hash to " + actual);
        }
    }

    static boolean isKey(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }
}

package id.lapor.gateway.intake;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@link AttachmentStore} in an S3-compatible object store ({@code gateway.blobs.type=s3}; AWS S3, MinIO,
 * Ceph RGW, …) through the AWS SDK v2 {@link S3Client}. Object keys are {@code <prefix>ab/cd/<sha256>}, the
 * same layout as {@link FileAttachmentStore}'s folder, so an existing folder is migrated by copying it under
 * the prefix ({@code aws s3 sync data/blobs s3://bucket/prefix}).
 * <p>
 * {@code put} asks for the object's metadata first and uploads only when it is missing (an upload of the same
 * bytes by two nodes at once writes the same object twice, which S3 allows); the upload carries the bytes'
 * SHA-256 as {@code x-amz-checksum-sha256}, so the server refuses a body damaged on the way. The body is
 * streamed from the caller's array (no copy). {@code get} reads the object into one array of its
 * {@code Content-Length} and verifies its SHA-256. The bucket must exist (created by the operator).
 */
public final class S3AttachmentStore implements AttachmentStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param s3     a client for the store (endpoint, region, credentials set; see {@code BlobStoreConfiguration})
     * @param bucket the bucket, existing
     * @param prefix key prefix ({@code ""} or ending in {@code /})
     */
    public S3AttachmentStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix) : prefix + "/";
    }

    @Override
    public String put(byte[] bytes) {
        String sha = TextFingerprint.sha256Hex(bytes);
        if (contains(sha)) return sha;
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha));
        try {
            s3.putObject(b -> b.bucket(bucket).key(keyOf(sha)).contentLength((long) bytes.length)
                            .contentType("application/octet-stream").checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream"));
        } catch (SdkException e) {
            throw new BlobStoreUnavailableException("cannot store blob " + sha + " in " + describe() + ": " + e.getMessage(), e);
        }
        return sha;
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        if (!AttachmentStore.isKey(sha256)) return Optional.empty();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(keyOf(sha256)))) {
            Long length = in.response().contentLength();
            byte[] bytes = length == null ? in.readAllBytes() : readExactly(in, length, sha256);
            AttachmentStore.verify(sha256, bytes, describe());
            return Optional.of(bytes);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw new BlobStoreUnavailableException("cannot read blob " + sha256 + " from " + describe() + ": " + e.getMessage(), e);
        } catch (SdkException | IOException e) {
            throw new BlobStoreUnavailableException("cannot read blob " + sha256 + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    private byte[] readExactly(InputStream in, long length, String sha256) throws IOException {
        if (length > Integer.MAX_VALUE - 16) throw new CorruptBlobException(sha256, describe(), "object of " + length + " bytes too large");
        byte[] bytes = new byte[(int) length];
        int filled = in.readNBytes(bytes, 0, bytes.length);
        if (filled != length) throw new CorruptBlobException(sha256, describe(), "object ended after " + filled + " of " + length + " bytes");
        return bytes;
    }

    @Override
    public boolean contains(String sha256) {
        if (!AttachmentStore.isKey(sha256)) return false;
        try {
            s3.headObject(b -> b.bucket(bucket).key(keyOf(sha256)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw new BlobStoreUnavailableException("cannot look up blob " + sha256 + " in " + describe() + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new BlobStoreUnavailableException("cannot look up blob " + sha256 + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Closes the client (its connection pool). */
    @Override
    public void close() {
        s3.close();
    }

    /** The object key of a blob: {@code <prefix>ab/cd/<sha256>}. */
    public String keyOf(String sha) {
        return prefix + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
    }
}

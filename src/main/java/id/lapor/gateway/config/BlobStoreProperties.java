package id.lapor.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.nio.file.Path;

/**
 * {@code gateway.blobs.*}: where the content-addressed store of attachment and raw-input bytes lives
 * (issue #19 part 3). The S3 keys come only from the environment ({@code GATEWAY_BLOBS_S3_ACCESS_KEY},
 * {@code GATEWAY_BLOBS_S3_SECRET_KEY}); start-up fails naming the variable when {@code type=s3} lacks one.
 *
 * @param type      {@code file}, {@code database} or {@code s3}; empty: {@code database} when the ledger is
 *                  PostgreSQL ({@code spring.datasource.url} starts with {@code jdbc:postgresql:}), else {@code file}
 * @param dir       the {@code file} store's folder (default {@code <data-dir>/blobs})
 * @param importDir a folder in the {@code file} layout ({@code ab/cd/<sha256>}) whose blobs are copied into the
 *                  configured store at start-up, each verified, those already there skipped (migration of an
 *                  existing node's folder); empty: none
 * @param database  the {@code database} store's settings
 * @param s3        the {@code s3} store's settings
 */
@Validated
@ConfigurationProperties("gateway.blobs")
public record BlobStoreProperties(Type type, Path dir, Path importDir, @Valid @NotNull Database database, @Valid @NotNull S3 s3) {

    /** Where blobs live. */
    public enum Type { FILE, DATABASE, S3 }

    /** @param chunkSize bytes per {@code blob_store_chunk} row (1 KB to 64 MB; default 1 MB) */
    public record Database(@NotNull DataSize chunkSize) {}

    /**
     * @param endpoint  the S3 API's base URL (MinIO, Ceph RGW, …); empty: AWS S3 of {@code region}
     * @param region    the signing region ({@code us-east-1} for most S3-compatible servers)
     * @param bucket    an existing bucket ({@code GATEWAY_BLOBS_S3_BUCKET})
     * @param prefix    key prefix, e.g. {@code blobs/}
     * @param pathStyle {@code http://host/bucket/key} addressing (MinIO and most self-hosted servers need it)
     * @param accessKey from {@code GATEWAY_BLOBS_S3_ACCESS_KEY} only
     * @param secretKey from {@code GATEWAY_BLOBS_S3_SECRET_KEY} only
     */
    public record S3(URI endpoint, String region, String bucket, String prefix, boolean pathStyle,
                     String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix + "]";
        }
    }

    /** The store to use: {@link #type()}, or the default for the ledger's JDBC URL. */
    public Type effectiveType(String datasourceUrl) {
        if (type != null) return type;
        return datasourceUrl != null && datasourceUrl.startsWith("jdbc:postgresql:") ? Type.DATABASE : Type.FILE;
    }

    @AssertTrue(message = "gateway.blobs.s3.bucket is required when gateway.blobs.type=s3: set the environment variable GATEWAY_BLOBS_S3_BUCKET to an existing bucket")
    boolean isS3BucketSet() {
        return type != Type.S3 || present(s3.bucket());
    }

    @AssertTrue(message = "gateway.blobs.s3.access-key is required when gateway.blobs.type=s3: set the environment variable GATEWAY_BLOBS_S3_ACCESS_KEY to the object store's access key")
    boolean isS3AccessKeySet() {
        return type != Type.S3 || present(s3.accessKey());
    }

    @AssertTrue(message = "gateway.blobs.s3.secret-key is required when gateway.blobs.type=s3: set the environment variable GATEWAY_BLOBS_S3_SECRET_KEY to the object store's secret key")
    boolean isS3SecretKeySet() {
        return type != Type.S3 || present(s3.secretKey());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}

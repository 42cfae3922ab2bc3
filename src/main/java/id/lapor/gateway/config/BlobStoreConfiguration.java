package id.lapor.gateway.config;

import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.BlobImport;
import id.lapor.gateway.intake.FileAttachmentStore;
import id.lapor.gateway.intake.JdbcAttachmentStore;
import id.lapor.gateway.intake.S3AttachmentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The content-addressed store by configuration ({@link BlobStoreProperties}, {@code gateway.blobs.type}):
 * {@code file} (one node), {@code database} (default on PostgreSQL: every node reads what any node stored) or
 * {@code s3}. With {@code gateway.blobs.import-dir} set, the blobs of that folder are copied in at start-up; with
 * {@code database} or {@code s3}, the node's own {@code file} folder ({@code gateway.blobs.dir}) is copied in once
 * (marked {@value BlobImport#MARKER} when complete), so a node upgraded from the file store loses no bytes.
 */
@Configuration(proxyBeanMethods = false)
public class BlobStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BlobStoreConfiguration.class);

    @Bean
    AttachmentStore attachmentStore(BlobStoreProperties blobs, GatewayProperties gateway, ObjectProvider<DataSource> dataSource,
                                    ObjectProvider<PlatformTransactionManager> tm, Clock clock,
                                    @Value("${spring.datasource.url:}") String datasourceUrl) {
        BlobStoreProperties.Type type = blobs.effectiveType(datasourceUrl);
        AttachmentStore store = switch (type) {
            case FILE -> new FileAttachmentStore(fileDir(blobs, gateway));
            case DATABASE -> new JdbcAttachmentStore(dataSource.getObject(), tm.getObject(),
                    (int) blobs.database().chunkSize().toBytes(), clock);
            case S3 -> new S3AttachmentStore(s3Client(blobs.s3()), blobs.s3().bucket(), blobs.s3().prefix());
        };
        log.info("blob store: {}", store.describe());
        Path importDir = blobs.importDir();
        if (importDir != null && !importDir.toString().isBlank()) {
            BlobImport.Result r = new BlobImport(store).importFolder(importDir);
            log.info("blob import from {}: {}", importDir, r);
        }
        if (type != BlobStoreProperties.Type.FILE) {
            // a node upgraded from the file store (the default before #19) brings its own folder in, once
            Path own = fileDir(blobs, gateway);
            new BlobImport(store).importOnce(own).ifPresent(r -> log.info("blob folder {} imported into {}: {}", own, store.describe(), r));
        }
        return store;
    }

    private static Path fileDir(BlobStoreProperties blobs, GatewayProperties gateway) {
        return blobs.dir() != null ? blobs.dir() : gateway.dataDir().resolve("blobs");
    }

    /** An S3 client for {@code s}: static keys from the properties (the environment), Apache HttpClient 5. */
    public static S3Client s3Client(BlobStoreProperties.S3 s) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(s.region() == null || s.region().isBlank() ? "us-east-1" : s.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey())))
                .forcePathStyle(s.pathStyle());
        if (s.endpoint() != null && !s.endpoint().toString().isBlank()) b.endpointOverride(s.endpoint());
        return b.build();
    }
}

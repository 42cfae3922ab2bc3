package id.lapor.gateway.config;

import id.lapor.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which blob store a configuration gets, and start-up refusing {@code s3} without its environment variables. */
class BlobStoreConfigurationTest {

    private static BlobStoreProperties props(BlobStoreProperties.Type type) {
        return new BlobStoreProperties(type, null, null, new BlobStoreProperties.Database(DataSize.ofMegabytes(1)),
                new BlobStoreProperties.S3(null, "us-east-1", null, "blobs/", true, null, null));
    }

    @Test
    void databaseByDefaultOnPostgresqlFileOtherwiseAndWhatIsConfiguredWins() {
        assertThat(props(null).effectiveType("jdbc:postgresql://db:5432/lapor?currentSchema=x")).isEqualTo(BlobStoreProperties.Type.DATABASE);
        assertThat(props(null).effectiveType("jdbc:h2:file:./data/ledger;MODE=PostgreSQL")).isEqualTo(BlobStoreProperties.Type.FILE);
        assertThat(props(null).effectiveType(null)).isEqualTo(BlobStoreProperties.Type.FILE);
        assertThat(props(BlobStoreProperties.Type.FILE).effectiveType("jdbc:postgresql://db/lapor")).isEqualTo(BlobStoreProperties.Type.FILE);
        assertThat(props(BlobStoreProperties.Type.S3).effectiveType("jdbc:h2:mem:x")).isEqualTo(BlobStoreProperties.Type.S3);
        assertThat(props(BlobStoreProperties.Type.DATABASE).effectiveType("jdbc:h2:mem:x")).isEqualTo(BlobStoreProperties.Type.DATABASE);
    }

    @Test
    void s3KeysAreNotPrintedWithTheSettings() {
        BlobStoreProperties.S3 s3 = new BlobStoreProperties.S3(null, "us-east-1", "b", "", true, "AKIA-visible?", "s3cr3t-value");
        assertThat(s3.toString()).doesNotContain("AKIA-visible?").doesNotContain("s3cr3t-value").contains("bucket=b");
    }

    @Test
    void s3WithoutBucketOrKeysRefusesToStartNamingTheVariables() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--gateway.data-dir=" + Path.of("target", "startup-test-blobs").toAbsolutePath(),
                        "--lapor.base-url=http://127.0.0.1:1/api/v3", "--lapor.bearer=b", "--lapor.token=t", "--lapor.user-id=1",
                        "--gateway.security.admin.password=x", "--gateway.blobs.type=s3").close())
                .satisfies(t -> {
                    StringBuilder all = new StringBuilder();
                    for (Throwable c = t; c != null; c = c.getCause()) all.append(c.getMessage()).append('\n');
                    assertThat(all.toString()).contains("GATEWAY_BLOBS_S3_BUCKET").contains("GATEWAY_BLOBS_S3_ACCESS_KEY")
                            .contains("GATEWAY_BLOBS_S3_SECRET_KEY");
                });
    }
}

package id.lapor.gateway.intake;

import id.lapor.gateway.config.BlobStoreConfiguration;
import id.lapor.gateway.support.FreshStore;
import id.lapor.gateway.support.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three content-addressed stores behind one contract: the same bytes give the same key, bytes come back
 * verified, a missing blob is empty and a corrupted one an error naming what is wrong. {@code database} runs on
 * the run's store (H2, or PostgreSQL with -Ppostgres), {@code s3} against S3Mock in this JVM (real HTTP).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentStoresTest {

    private FreshStore db;
    private FileAttachmentStore file;
    private JdbcAttachmentStore database;
    private S3AttachmentStore s3;
    private S3Client raw;
    private String s3Prefix;

    @BeforeAll
    void stores() throws IOException {
        file = new FileAttachmentStore(Files.createTempDirectory(Path.of("target"), "blobs-"));
        db = FreshStore.create().migrate(null);
        // small chunks so a few hundred KB already spans several rows and a short last one
        database = new JdbcAttachmentStore(db.dataSource(), new DataSourceTransactionManager(db.dataSource()), 64 * 1024, Clock.systemUTC());
        s3Prefix = "t-" + UUID.randomUUID() + "/";
        s3 = new S3AttachmentStore(BlobStoreConfiguration.s3Client(S3Server.settings(S3Server.BUCKET, s3Prefix)), S3Server.BUCKET, s3Prefix);
        raw = S3Server.client();
    }

    @AfterAll
    void close() {
        s3.close();
        raw.close();
    }

    Stream<AttachmentStore> all() {
        return Stream.of(file, database, s3);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("all")
    void sameBytesSameKeyAndBackIntact(AttachmentStore store) {
        byte[] bytes = random(300_123);
        String sha = store.put(bytes);
        assertThat(sha).isEqualTo(TextFingerprint.sha256Hex(bytes)).matches("[0-9a-f]{64}");
        assertThat(store.put(bytes.clone())).isEqualTo(sha);
        assertThat(store.contains(sha)).isTrue();
        assertThat(store.get(sha)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("all")
    void emptyAndExactChunkMultiplesRoundTrip(AttachmentStore store) {
        for (byte[] bytes : List.of(new byte[0], random(64 * 1024), random(2 * 64 * 1024), "halo".getBytes(StandardCharsets.UTF_8))) {
            String sha = store.put(bytes);
            assertThat(store.get(sha)).as(bytes.length + " bytes").hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("all")
    void unknownOrMalformedKeyIsEmpty(AttachmentStore store) {
        String absent = TextFingerprint.sha256Hex("never stored " + UUID.randomUUID());
        assertThat(store.get(absent)).isEmpty();
        assertThat(store.contains(absent)).isFalse();
        assertThat(store.get("../../etc/passwd")).isEmpty();
        assertThat(store.get(null)).isEmpty();
        assertThat(store.get(absent.toUpperCase())).isEmpty();
    }

    @Test
    void corruptedFileIsAnErrorNamingTheBlob() throws IOException {
        byte[] bytes = random(5000);
        String sha = file.put(bytes);
        Files.write(file.pathOf(sha), random(5000));
        assertThatThrownBy(() -> file.get(sha)).isInstanceOf(AttachmentStore.CorruptBlobException.class)
                .hasMessageContaining(sha).hasMessageContaining("5000 bytes that hash to").hasMessageContaining("file:");
    }

    @Test
    void corruptedOrIncompleteDatabaseBlobIsAnErrorNamingWhatIsWrong() {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(db.dataSource());
        byte[] bytes = random(200_000); // 4 chunks of 64 KB
        String sha = database.put(bytes);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM blob_store_chunk WHERE sha256 = :s", Map.of("s", sha), Integer.class)).isEqualTo(4);

        byte[] flipped = java.util.Arrays.copyOfRange(bytes, 65536, 2 * 65536);
        flipped[10] ^= 1;
        jdbc.update("UPDATE blob_store_chunk SET data = :d WHERE sha256 = :s AND seq = 1", Map.of("d", flipped, "s", sha));
        assertThatThrownBy(() -> database.get(sha)).isInstanceOf(AttachmentStore.CorruptBlobException.class)
                .hasMessageContaining(sha).hasMessageContaining("hash to");

        jdbc.update("DELETE FROM blob_store_chunk WHERE sha256 = :s AND seq = 2", Map.of("s", sha));
        assertThatThrownBy(() -> database.get(sha)).isInstanceOf(AttachmentStore.CorruptBlobException.class)
                .hasMessageContaining("chunk 2 of 4 missing");
    }

    @Test
    void corruptedObjectIsAnErrorNamingTheBlob() {
        byte[] bytes = random(7000);
        String sha = s3.put(bytes);
        raw.putObject(b -> b.bucket(S3Server.BUCKET).key(s3.keyOf(sha)), RequestBody.fromBytes(random(6999)));
        assertThatThrownBy(() -> s3.get(sha)).isInstanceOf(AttachmentStore.CorruptBlobException.class)
                .hasMessageContaining(sha).hasMessageContaining("6999 bytes that hash to").hasMessageContaining("s3://" + S3Server.BUCKET);
    }

    @Test
    void objectKeysFollowTheFolderLayout() {
        String sha = s3.put("tata letak".getBytes(StandardCharsets.UTF_8));
        String key = s3Prefix + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
        assertThat(raw.getObjectAsBytes(b -> b.bucket(S3Server.BUCKET).key(key)).asUtf8String()).isEqualTo("tata letak");
        assertThat(file.root().relativize(file.pathOf(sha)).toString().replace('\\', '/')).isEqualTo(key.substring(s3Prefix.length()));
    }

    @Test
    void twoNodesStoringTheSameBytesAtOnceStoreThemOnce() throws Exception {
        byte[] bytes = random(150_000);
        JdbcAttachmentStore other = new JdbcAttachmentStore(db.dataSource(), new DataSourceTransactionManager(db.dataSource()), 64 * 1024, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> jobs = new ArrayList<>();
            for (int i = 0; i < 8; i++) jobs.add(i % 2 == 0 ? () -> database.put(bytes) : () -> other.put(bytes));
            for (Future<String> f : pool.invokeAll(jobs)) assertThat(f.get()).isEqualTo(TextFingerprint.sha256Hex(bytes));
        } finally {
            pool.shutdown();
        }
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(db.dataSource());
        String sha = TextFingerprint.sha256Hex(bytes);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM blob_store_chunk WHERE sha256 = :s", Map.of("s", sha), Integer.class)).isEqualTo(3);
        assertThat(other.get(sha)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    }

    @Test
    void importCopiesAFoldersBlobsOnceAndLeavesCorruptFilesBehind() throws IOException {
        FileAttachmentStore old = new FileAttachmentStore(Files.createTempDirectory(Path.of("target"), "old-blobs-"));
        byte[] a = random(1000), b = random(100_000);
        String shaA = old.put(a), shaB = old.put(b);
        String shaBad = TextFingerprint.sha256Hex("what the name says");
        Files.createDirectories(old.pathOf(shaBad).getParent());
        Files.writeString(old.pathOf(shaBad), "something else");
        Files.writeString(old.root().resolve("README.txt"), "not a blob");

        assertThat(new BlobImport(database).importFolder(old.root())).isEqualTo(new BlobImport.Result(2, 0, 1));
        assertThat(database.get(shaA)).hasValueSatisfying(x -> assertThat(x).isEqualTo(a));
        assertThat(database.get(shaB)).hasValueSatisfying(x -> assertThat(x).isEqualTo(b));
        assertThat(database.contains(shaBad)).isFalse();
        assertThat(new BlobImport(database).importFolder(old.root())).isEqualTo(new BlobImport.Result(0, 2, 1));
        assertThat(new BlobImport(s3).importFolder(old.root()).imported()).isEqualTo(2);
        assertThat(s3.get(shaB)).hasValueSatisfying(x -> assertThat(x).isEqualTo(b));
    }

    @Test
    void aNodesOwnFolderIsImportedOnceThenMarked() throws IOException {
        FileAttachmentStore own = new FileAttachmentStore(Files.createTempDirectory(Path.of("target"), "own-blobs-"));
        byte[] a = random(3000);
        String sha = own.put(a);
        BlobImport importer = new BlobImport(database);
        assertThat(importer.importOnce(own.root())).contains(new BlobImport.Result(1, 0, 0));
        assertThat(Files.readString(own.root().resolve(BlobImport.MARKER))).contains("database").contains("imported=1");
        assertThat(database.get(sha)).hasValueSatisfying(x -> assertThat(x).isEqualTo(a));
        own.put(random(10)); // written after the import: not walked again (the node no longer writes there)
        assertThat(importer.importOnce(own.root())).isEmpty();
        assertThat(importer.importOnce(own.root().resolve("no-such-folder"))).isEmpty();
    }

    private static final Random RANDOM = new Random(19);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}

package id.lapor.gateway.bench;

import id.lapor.gateway.config.BlobStoreConfiguration;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.FileAttachmentStore;
import id.lapor.gateway.intake.JdbcAttachmentStore;
import id.lapor.gateway.intake.S3AttachmentStore;
import id.lapor.gateway.support.FreshStore;
import id.lapor.gateway.support.S3Server;
import id.lapor.gateway.support.TestEnvironment;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=BlobStoreBenchmark} (database store on embedded H2; add {@code -Ppostgres}
 * for PostgreSQL at 127.0.0.1:5432/test). Writes then reads back {@code bench.blobs} distinct random blobs of
 * {@code bench.kb} KB (default 40 × 1,024 KB, a scanned-letter size) through each store, one thread, in the same
 * run: the <b>baseline</b> is a plain durable file copy (write the bytes to a new file, {@code force}, read them
 * back with {@code readAllBytes}: what the file store does, minus hashing and the atomic rename), then the
 * {@code file}, {@code database} (chunks of 1 MB) and {@code s3} (S3Mock in its own JVM on loopback, which itself
 * writes each object to its disk) stores. Each is warmed with a quarter of the count first. Every read is checked
 * against what was written. Prints MB/s write and read and the ratio to the baseline; writes
 * target/benchmark-blobs-{h2,postgres}.txt.
 */
@Tag("benchmark")
class BlobStoreBenchmark {

    static final int BLOBS = Integer.getInteger("bench.blobs", 40);
    static final int KB = Integer.getInteger("bench.kb", 1024);

    interface Store {
        String put(byte[] b) throws IOException;

        byte[] get(String key) throws IOException;
    }

    record Figures(double writeMBs, double readMBs) {}

    @Test
    void writeAndReadThroughput() throws Exception {
        Path base = Files.createTempDirectory(Path.of("target"), "bench-blobs-");
        FreshStore db = FreshStore.create().migrate(null);
        Map<String, Store> stores = new LinkedHashMap<>();
        Path plain = Files.createDirectories(base.resolve("plain"));
        stores.put("baseline: plain file copy", new Store() {
            public String put(byte[] b) throws IOException {
                String name = UUID.randomUUID().toString();
                try (FileChannel ch = FileChannel.open(plain.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(b);
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(true);
                }
                return name;
            }

            public byte[] get(String key) throws IOException {
                return Files.readAllBytes(plain.resolve(key));
            }
        });
        stores.put("file store", adapt(new FileAttachmentStore(base.resolve("file"))));
        // pooled as in the gateway (Hikari): a connection per call would time connection set-up, and PgJDBC switches
        // to binary transfer (bytea without hex) only for statements it has prepared on the same connection
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(db.dataSource());
        pool.setMaximumPoolSize(2);
        stores.put("database store (" + db.vendor() + ")", adapt(new JdbcAttachmentStore(pool,
                new DataSourceTransactionManager(pool), 1024 * 1024, Clock.systemUTC())));
        S3AttachmentStore s3 = new S3AttachmentStore(BlobStoreConfiguration.s3Client(S3Server.settings(S3Server.BENCH_BUCKET, "")),
                S3Server.BENCH_BUCKET, "run-" + UUID.randomUUID() + "/");
        stores.put("s3 store (S3Mock, loopback)", adapt(s3));

        Random random = new Random(42);
        Map<String, Figures> results = new LinkedHashMap<>();
        for (Map.Entry<String, Store> e : stores.entrySet()) {
            run(e.getValue(), Math.max(1, BLOBS / 4), random); // warm-up
            results.put(e.getKey(), run(e.getValue(), BLOBS, random));
        }
        s3.close();
        pool.close();

        Figures baseline = results.values().iterator().next();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Blob store benchmark, %d blobs of %d KB, one thread, ledger store %s, %d cores, %s%n",
                BLOBS, KB, TestEnvironment.postgres() ? "PostgreSQL" : "H2", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "%-32s %12s %12s %12s %12s%n", "store", "write MB/s", "read MB/s", "write ratio", "read ratio"));
        for (Map.Entry<String, Figures> e : results.entrySet()) {
            Figures f = e.getValue();
            out.append(String.format(Locale.ROOT, "%-32s %12.1f %12.1f %12.2f %12.2f%n", e.getKey(), f.writeMBs(), f.readMBs(),
                    f.writeMBs() / baseline.writeMBs(), f.readMBs() / baseline.readMBs()));
        }
        System.out.print(out);
        Files.writeString(Path.of("target", "benchmark-blobs-" + (TestEnvironment.postgres() ? "postgres" : "h2") + ".txt"), out.toString());
    }

    private static Figures run(Store store, int n, Random random) throws IOException {
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[KB * 1024];
            random.nextBytes(b);
            blobs.add(b);
        }
        double mb = (double) n * KB / 1024;
        List<String> keys = new ArrayList<>();
        long t0 = System.nanoTime();
        for (byte[] b : blobs) keys.add(store.put(b));
        long t1 = System.nanoTime();
        List<byte[]> back = new ArrayList<>();
        for (String k : keys) back.add(store.get(k));
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) assertThat(back.get(i)).isEqualTo(blobs.get(i));
        return new Figures(mb / ((t1 - t0) / 1e9), mb / ((t2 - t1) / 1e9));
    }

    private static Store adapt(AttachmentStore s) {
        return new Store() {
            public String put(byte[] b) {
                return s.put(b);
            }

            public byte[] get(String key) {
                return s.get(key).orElseThrow();
            }
        };
    }
}

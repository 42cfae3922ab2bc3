package id.lapor.gateway.support;

import id.lapor.gateway.config.BlobStoreConfiguration;
import id.lapor.gateway.config.BlobStoreProperties;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An S3-compatible server for the tests: Adobe's S3Mock (a Maven artifact, a Spring Boot application) in a JVM
 * of its own on a free loopback port, plain HTTP, started once per test JVM with the buckets {@link #BUCKET}
 * and {@link #BENCH_BUCKET}, stopped when the test JVM ends. Its own JVM because its XML message converter on
 * the tests' class path would change what the gateway under test answers; the pom leaves S3Mock and its XML
 * jars out of the tests' class path and hands their paths over as {@code s3mock.jars}. Its class path is the
 * tests' libraries without the gateway's own classes (so none of the gateway's configuration is read), and the
 * auto-configurations it does not need are switched off. S3Mock ignores signatures: any keys work.
 */
public final class S3Server {

    public static final String BUCKET = "gateway-test";
    public static final String BENCH_BUCKET = "gateway-bench";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";

    private static URI endpoint;

    private S3Server() {}

    /** The server's base URL (started on first use). */
    public static synchronized URI endpoint() {
        if (endpoint == null) endpoint = start();
        return endpoint;
    }

    private static URI start() {
        String jars = System.getProperty("s3mock.jars", "");
        if (jars.isBlank() || jars.contains("${")) {
            throw new IllegalStateException("s3mock.jars not set: run the tests through Maven (the pom's dependency-paths execution sets it)");
        }
        List<String> cp = new ArrayList<>(Arrays.asList(jars.split(File.pathSeparator)));
        String tests = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : tests.split(File.pathSeparator)) {
            // libraries only: the gateway's classes and resources (application.yaml, db/migration) stay out
            if (e.endsWith(".jar") && !cp.contains(e)) cp.add(e);
        }
        int http = freePort(), https = freePort();
        Path root = Path.of("target", "test-data", "s3mock-" + ProcessHandle.current().pid()).toAbsolutePath();
        Path log = root.resolveSibling(root.getFileName() + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, cp), "com.adobe.testing.s3mock.S3MockApplication",
                "--com.adobe.testing.s3mock.httpPort=" + http, "--server.port=" + https, "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET + "," + BENCH_BUCKET,
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.region=us-east-1",
                "--server.tomcat.max-swallow-size=64MB",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.jmx.enabled=false",
                "--management.endpoints.web.discovery.enabled=false",
                "--spring.autoconfigure.exclude=" + String.join(",",
                        "org.apache.camel.spring.boot.CamelAutoConfiguration",
                        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
                        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
                        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
                        "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
                        "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
                        "org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration")));
        try {
            Files.createDirectories(root);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) throw new IllegalStateException("S3Mock ended with " + p.exitValue() + ": " + Files.readString(log));
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", http), 200);
                    return URI.create("http://127.0.0.1:" + http);
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            p.destroy();
            throw new IllegalStateException("S3Mock did not listen on " + http + " within 90 s; log " + log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start S3Mock: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        return FreePorts.pick();
    }

    /** {@code gateway.blobs.s3} settings for {@code bucket} on this server. */
    public static BlobStoreProperties.S3 settings(String bucket, String prefix) {
        return new BlobStoreProperties.S3(endpoint(), "us-east-1", bucket, prefix, true, ACCESS_KEY, SECRET_KEY);
    }

    /** A client as the gateway builds it. */
    public static S3Client client() {
        return BlobStoreConfiguration.s3Client(settings(BUCKET, ""));
    }

}

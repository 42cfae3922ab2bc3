package id.lapor.gateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.ScannerSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.S3Server;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #19 part 3, as a user met it: two gateway nodes (two whole Spring applications, each with its own data
 * folder) on one PostgreSQL schema. A letter uploaded to node A, whose forwarder is stopped, is forwarded by
 * node B, and LAPOR! (the simulator, real HTTP) receives the letter's file with the bytes node A received: the
 * blob store is the shared database (the default on PostgreSQL), nothing is in node A's folder. Always on the
 * test PostgreSQL (127.0.0.1:5432/test), run once by failsafe; with per-node file stores ({@code gateway.blobs.type=file})
 * the same test fails: the letter is parked "attachment bytes … missing from the store" and never forwarded. The
 * second case shares an S3 bucket instead of the database.
 */
class SharedBlobStoreIT {

    private static ConfigurableApplicationContext node(String name, String schema, Path dataDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.profiles.active=test", "--server.port=0",
                "--gateway.instance=" + name,
                "--gateway.data-dir=" + dataDir,
                "--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + schema,
                "--spring.datasource.username=" + TestEnvironment.PG_USER,
                "--spring.datasource.password=",
                "--spring.datasource.hikari.pool-name=" + name,
                "--spring.jmx.enabled=false",
                "--lapor.base-url=" + TestSimulator.get().baseUrl()));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aLetterReceivedByOneNodeIsForwardedByAnotherWithItsBytes() throws Exception {
        letterCrossesNodes("database");
    }

    /** The same with {@code gateway.blobs.type=s3} on S3Mock (its own JVM, real HTTP), keys given as the environment would. */
    @Test
    void theSameThroughAnS3Bucket() throws Exception {
        String prefix = "it-" + UUID.randomUUID() + "/";
        letterCrossesNodes("s3://" + S3Server.BUCKET + "/" + prefix, "--gateway.blobs.type=s3",
                "--gateway.blobs.s3.endpoint=" + S3Server.endpoint(), "--gateway.blobs.s3.bucket=" + S3Server.BUCKET,
                "--gateway.blobs.s3.prefix=" + prefix, "--gateway.blobs.s3.access-key=" + S3Server.ACCESS_KEY,
                "--gateway.blobs.s3.secret-key=" + S3Server.SECRET_KEY);
    }

    private void letterCrossesNodes(String store, String... settings) throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String id = UUID.randomUUID().toString().substring(0, 8);
        String schema = TestEnvironment.freshSchema("blobs" + id);
        Path dirA = Path.of("target", "test-data", "blobs-a-" + id).toAbsolutePath();
        Path dirB = Path.of("target", "test-data", "blobs-b-" + id).toAbsolutePath();
        try (ConfigurableApplicationContext a = node("node-a", schema, dirA, settings)) {
            a.getBean(CamelContext.class).getRouteController().stopRoute("lapor-forwarder");
            try (ConfigurableApplicationContext b = node("node-b", schema, dirB, settings)) {
                assertThat(a.getBean(AttachmentStore.class).describe()).isEqualTo(store);
                assertThat(b.getBean(AttachmentStore.class).describe()).isEqualTo(store);

                byte[] pdf = ScannerSimulator.render(List.of("Praya, 5 Juni 2024\n\nKepada Yth.\nKepala Dinas Pekerjaan Umum\n\n"
                                + "Perihal: Jembatan kayu lapuk di Dusun Karang\n\nDengan hormat,\nJembatan kayu di Dusun Karang lapuk dan "
                                + "papannya patah.\nAnak sekolah menyeberang di sana setiap pagi. Mohon segera diperbaiki.\n\n"
                                + "Hormat saya,\n\nSiti Aminah\nHP 0812-3333-4444\n"),
                        new ScannerSimulator.Scan(ScannerSimulator.Format.PDF_TEXT, 300, 0, 0, 0.001, id.hashCode()));
                ResponseEntity<String> r = upload(a, "surat-jembatan.pdf", pdf);
                assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.CREATED);
                String ticket = new ObjectMapper().readTree(r.getBody()).path("ticket").asText();

                Ledger ledgerB = b.getBean(Ledger.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> ledgerB.find(ticket).orElseThrow().lapor().complaintId() != null);
                long laporId = ledgerB.find(ticket).orElseThrow().lapor().complaintId();
                LaporSimulator.Received sent = TestSimulator.get().received().stream().filter(x -> x.id() == laporId).findFirst().orElseThrow();
                JsonNode ids = new ObjectMapper().readTree(sent.body().path("attachments").asText());
                assertThat(ids).hasSize(1);
                LaporSimulator.Upload up = TestSimulator.get().upload(ids.get(0).asLong()).orElseThrow();
                assertThat(up.sha256()).as("LAPOR! received the letter node A took in").isEqualTo(TextFingerprint.sha256Hex(pdf));
                assertThat(up.size()).isEqualTo(pdf.length);
                assertThat(up.filename()).isEqualTo("surat-jembatan.pdf");
                assertThat(sent.body().path("title").asText()).isEqualTo("Jembatan kayu lapuk di Dusun Karang");
                assertThat(Files.exists(dirA.resolve("blobs"))).as("no bytes in node A's own folder").isFalse();
            }
        }
    }

    private static ResponseEntity<String> upload(ConfigurableApplicationContext node, String filename, byte[] bytes) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("clerk", "clerk-test");
        h.setContentType(MediaType.MULTIPART_FORM_DATA);
        String port = node.getEnvironment().getProperty("local.server.port");
        RestTemplate http = new RestTemplate();
        http.setErrorHandler(res -> false);
        return http.exchange("http://127.0.0.1:" + port + "/api/letters", HttpMethod.POST, new HttpEntity<>(form, h), String.class);
    }
}

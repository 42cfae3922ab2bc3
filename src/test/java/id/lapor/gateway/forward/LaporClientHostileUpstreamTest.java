package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * LaporClient against an upstream that answers wrongly, on a real socket: every wrong answer ends as a
 * typed {@link LaporException} (or the id), in bounded time and memory.
 */
class LaporClientHostileUpstreamTest {

    /** Writes the raw HTTP answer for one request. */
    interface Script {
        void answer(OutputStream out) throws Exception;
    }

    private final ServerSocket server = new ServerSocket(0);
    private volatile Script script;
    private volatile boolean resetOnClose;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final LaporClient client = new LaporClient(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v3"),
            "b", "t", Duration.ofSeconds(1), Duration.ofMillis(500), new ObjectMapper(), clock);

    LaporClientHostileUpstreamTest() throws IOException {
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return;
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            }
            in.readNBytes(length);
            requests.incrementAndGet();
            if (resetOnClose) s.setSoLinger(true, 0);
            script.answer(s.getOutputStream());
            s.getOutputStream().flush();
        } catch (Exception ignored) {
            // the client hung up: expected for the drip and the huge body
        }
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
    }

    private static void json(OutputStream out, int status, String body, String... headers) throws IOException {
        StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nConnection: close\r\n");
        for (String x : headers) h.append(x).append("\r\n");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(b);
    }

    private long create() throws LaporException {
        return client.create(Map.of("title", "Judul", "content", "isi"), "LPR-1");
    }

    @Test
    void anIdSentAsAStringOfDigitsIsTheId() throws Exception {
        // before the fix: a string id was "no id" -> uncertain and a second create of a report that exists
        script = out -> json(out, 200, "{\"results\":{\"complaint\":{\"id\":\"4711\"}}}");
        assertThat(create()).isEqualTo(4711L);
    }

    @Test
    void anIdThatIsNoWholeNumberOrBeyondALongIsUnknownNeverGuessed() {
        for (String id : new String[] {"\"47a1\"", "12.5", "123456789012345678901234567890", "\"\"", "null", "-3", "true"}) {
            script = out -> json(out, 201, "{\"results\":{\"complaint\":{\"id\":" + id + "}}}");
            assertThatThrownBy(this::create).as(id).isInstanceOfSatisfying(LaporException.class, e -> {
                assertThat(e.kind()).isEqualTo(LaporException.Kind.INVALID_RESPONSE);
                assertThat(e.outcomeUnknown()).isTrue();
            });
        }
    }

    @Test
    void anAbsurdRetryAfterIsCappedAtAnHour() {
        // before the fix: ten years held every call to LAPOR! (breaker.holdFor) for ten years
        for (String ra : new String[] {"315360000", "99999999999999999999999", "Mon, 01 Dec 2036 10:00:00 GMT"}) {
            script = out -> json(out, 429, "{}", "Retry-After: " + ra);
            assertThatThrownBy(this::create).as(ra).isInstanceOfSatisfying(LaporException.class, e -> {
                assertThat(e.kind()).isEqualTo(LaporException.Kind.RATE_LIMITED);
                assertThat(e.retryAfter()).isEqualTo(ResponseClassifier.MAX_RETRY_AFTER);
            });
        }
        script = out -> json(out, 429, "{}", "Retry-After: Sun, 22 Nov 2026 10:02:00 GMT");
        assertThatThrownBy(this::create).isInstanceOfSatisfying(LaporException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void anAnswerThatDripsForeverIsAbortedAndItsOutcomeIsUnknown() {
        // before the fix: a byte every 100 ms never trips the 500 ms read timeout: the thread hung forever
        script = out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 600; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(this::create).isInstanceOfSatisfying(LaporException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LaporException.Kind.TRANSIENT);
                    assertThat(e.outcomeUnknown()).isTrue();
                    assertThat(e.getMessage()).contains("not complete after");
                }));
    }

    @Test
    void aFiftyMegabyteAnswerIsCutNotRead() {
        byte[] mb = " ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        script = out -> {
            out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: " + 50L * mb.length + "\r\n\r\n<html>")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) out.write(mb);
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(this::create).isInstanceOfSatisfying(LaporException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LaporException.Kind.TRANSIENT);
                    assertThat(e.httpStatus()).isEqualTo(502);
                    assertThat(e.body()).startsWith("<html>").hasSizeLessThanOrEqualTo(4001);
                }));
        script = out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + 50L * mb.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) out.write(mb);
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(this::create).isInstanceOfSatisfying(LaporException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LaporException.Kind.INVALID_RESPONSE);
                    assertThat(e.outcomeUnknown()).isTrue();
                }));
    }

    @Test
    void otherWrongAnswersEndTyped() {
        record Case(int status, String body, LaporException.Kind kind, boolean unknown) {}
        for (Case c : new Case[] {
                new Case(200, "{\"results\":", LaporException.Kind.INVALID_RESPONSE, true),
                new Case(200, "", LaporException.Kind.INVALID_RESPONSE, true),
                new Case(200, "<html><body>Maintenance</body></html>", LaporException.Kind.INVALID_RESPONSE, true),
                new Case(202, "{}", LaporException.Kind.INVALID_RESPONSE, true),
                new Case(409, "{\"message\":\"duplicate\"}", LaporException.Kind.PERMANENT, false),
                new Case(413, "", LaporException.Kind.PERMANENT, false),
                new Case(422, "{\"type\":\"about:blank\",\"title\":\"Unprocessable\",\"detail\":\"content kosong\"}",
                        LaporException.Kind.PERMANENT, false),
                new Case(302, "", LaporException.Kind.TRANSIENT, false),
                new Case(504, "", LaporException.Kind.TRANSIENT, true)}) {
            script = out -> json(out, c.status(), c.body(), c.status() == 302 ? "Location: http://elsewhere/" : "X-A: b");
            assertThatThrownBy(this::create).as(c.toString()).isInstanceOfSatisfying(LaporException.class, e -> {
                assertThat(e.kind()).isEqualTo(c.kind());
                assertThat(e.outcomeUnknown()).isEqualTo(c.unknown());
            });
        }
        assertThat(requests.get()).isEqualTo(9); // never followed the redirect, never re-sent
    }

    @Test
    void uploadIdsAsStringsAreIdsAndAMissingOneIsAFailure() throws Exception {
        // before the fix: string ids counted as none, so every upload "failed" and the complaint was parked
        var files = java.util.List.of(new LaporClient.Upload("a.pdf", "application/pdf", new byte[] {1}),
                new LaporClient.Upload("b.jpg", "image/jpeg", new byte[] {2}));
        script = out -> json(out, 200, "{\"results\":{\"docs\":[{\"id\":\"11\"}],\"images\":[{\"id\":12}]}}");
        assertThat(client.upload(files, "LPR-1-attachments")).containsExactly(11L, 12L);
        // the first file taken, the second not: a failure, never a create with one attachment missing
        script = out -> json(out, 200, "{\"results\":{\"docs\":[{\"id\":11}],\"images\":[]}}");
        assertThatThrownBy(() -> client.upload(files, "LPR-1-attachments")).isInstanceOfSatisfying(LaporException.class,
                e -> assertThat(e.kind()).isEqualTo(LaporException.Kind.INVALID_RESPONSE));
    }

    @Test
    void aConnectionResetAfterTheCreateWasSentIsAnUnknownOutcome() {
        script = out -> {
            throw new java.net.SocketException("reset by the test");
        };
        // serve() closes the socket without an answer; make it a reset (RST) rather than a FIN
        resetOnClose = true;
        assertThatThrownBy(this::create).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.TRANSIENT);
            assertThat(e.outcomeUnknown()).isTrue();
        });
    }

    @Test
    void aRefusalBodyIsKeptWithoutControlCharacters() {
        // before the fix: the NUL went into outbox.last_error, which PostgreSQL refuses: the row could not be parked
        script = out -> json(out, 422, "{\"message\":\"isi\u0000 tidak valid\u0007\",\n\"errors\":{}}");
        assertThatThrownBy(this::create).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.PERMANENT);
            assertThat(e.body()).doesNotContain("\u0000", "\u0007").contains("isi tidak valid").contains("\n");
        });
    }
}

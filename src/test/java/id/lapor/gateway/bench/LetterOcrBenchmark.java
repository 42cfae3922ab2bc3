package id.lapor.gateway.bench;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.ScannerSimulator;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=LetterOcrBenchmark} (add {@code -Ppostgres} for PostgreSQL).
 *
 * <p>A fixed set of one-page letters, rendered once by the scanner simulator as 300 dpi PNG scans
 * (light speckle), goes (a) through the bare {@code tesseract} CLI, {@code -l ind+eng}, one process per
 * page, as many at once as the gateway has OCR workers, and (b) through the gateway: dropped into the
 * letters inbox and timed until every file is stored and moved to processed/ (typing, OCR via Tika
 * in hOCR with page segmentation mode 1, understanding, schema validation, the durable commit, the
 * file move). Pages/s and CPU seconds per page (JVM plus its tesseract children, from /proc) for both,
 * in rounds that alternate (a) and (b).
 */
@Tag("benchmark")
@GatewayIntegrationTest
class LetterOcrBenchmark {

    static final int PAGES = Integer.getInteger("bench.pages", 24);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Letters through the gateway before measuring: JFR showed the JVM's own CPU per page halving over the first ~50. */
    static final int WARMUP = Integer.getInteger("bench.warmup", 48);

    @Autowired Ledger ledger;
    @Value("${channels.letters.inbox.dir}") Path inbox;
    @Value("${channels.letters.ocr.workers}") int workers;
    @Value("${channels.letters.ocr.language}") String language;

    /** Wall time, CPU of the JVM and its tesseract children, and of the JVM alone. */
    record Run(double seconds, double cpuSeconds, double jvmCpuSeconds) {}

    @Test
    void gatewayOcrAgainstTheBareTesseractCli() throws Exception {
        Path set = Path.of("target", "bench-letters");
        Files.createDirectories(set);
        List<Path> base = new ArrayList<>();
        for (int i = 0; i < PAGES; i++) {
            Path f = set.resolve("page-" + i + ".png");
            Files.write(f, ScannerSimulator.render(List.of(letter(i)), new ScannerSimulator.Scan(ScannerSimulator.Format.PNG, 300, 0, 0.2, 0.001, i)));
            base.add(f);
        }
        // warm-up: the JIT (WARMUP letters through the whole route), Tika, and the language data in the page cache
        bare(base.subList(0, 2));
        for (int done = 0, w = 0; done < WARMUP; done += PAGES, w++) gateway(base.subList(0, Math.min(PAGES, WARMUP - done)), "warm" + w);

        List<Run> bare = new ArrayList<>();
        List<Run> gw = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            bare.add(bare(base));
            gw.add(gateway(base, "r" + r));
        }
        System.out.printf(Locale.ROOT, "%nletters OCR benchmark: %d one-page 300 dpi PNG letters, %d workers, %s, %s%n",
                PAGES, workers, language, version());
        for (int r = 0; r < ROUNDS; r++) {
            Run b = bare.get(r);
            Run g = gw.get(r);
            System.out.printf(Locale.ROOT, "round %d: bare tesseract CLI %.3f pages/s (%.2f CPU s/page) | gateway %.3f pages/s (%.2f CPU s/page, of which JVM %.3f) | ratio %.3f%n",
                    r + 1, PAGES / b.seconds(), b.cpuSeconds() / PAGES, PAGES / g.seconds(), g.cpuSeconds() / PAGES,
                    g.jvmCpuSeconds() / PAGES, b.seconds() / g.seconds());
        }
        double bs = bare.stream().mapToDouble(Run::seconds).sum();
        double gs = gw.stream().mapToDouble(Run::seconds).sum();
        double bc = bare.stream().mapToDouble(Run::cpuSeconds).sum();
        double gc = gw.stream().mapToDouble(Run::cpuSeconds).sum();
        int pages = PAGES * ROUNDS;
        System.out.printf(Locale.ROOT, "all rounds: bare %.3f pages/s, %.2f CPU s/page | gateway %.3f pages/s, %.2f CPU s/page | ratio %.3f%n%n",
                pages / bs, bc / pages, pages / gs, gc / pages, bs / gs);
    }

    private Run bare(List<Path> pages) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            long c0 = cpuNanos();
            long j0 = IntakeBenchmark.cpu();
            long t0 = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (Path p : pages) {
                done.add(pool.submit(() -> {
                    ProcessBuilder pb = new ProcessBuilder("tesseract", p.toString(), "stdout", "-l", language)
                            .redirectErrorStream(true);
                    pb.environment().put("OMP_THREAD_LIMIT", "1");
                    Process proc = pb.start();
                    proc.getInputStream().readAllBytes();
                    return proc.waitFor();
                }));
            }
            for (Future<Integer> f : done) assertThat(f.get()).isZero();
            return new Run((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9, (IntakeBenchmark.cpu() - j0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private Run gateway(List<Path> pages, String tag) throws Exception {
        long before = ledger.count(Channel.LETTER, null, null);
        Path stage = inbox.resolve(".stage-" + tag);
        Files.createDirectories(stage);
        List<Path> staged = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            // different bytes every round, so no file is a transport duplicate of an earlier one
            byte[] b = Files.readAllBytes(pages.get(i));
            byte[] tagged = java.util.Arrays.copyOf(b, b.length + tag.length());
            System.arraycopy(tag.getBytes(), 0, tagged, b.length, tag.length());
            Path s = stage.resolve(tag + "-" + i + ".png");
            Files.write(s, tagged);
            staged.add(s);
        }
        long c0 = cpuNanos();
        long j0 = IntakeBenchmark.cpu();
        long t0 = System.nanoTime();
        for (Path s : staged) Files.move(s, inbox.resolve(s.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        while (ledger.count(Channel.LETTER, null, null) < before + pages.size()
                || !allProcessed(staged)) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(seconds, (cpuNanos() - c0) / 1e9, (IntakeBenchmark.cpu() - j0) / 1e9);
    }

    private boolean allProcessed(List<Path> staged) {
        return staged.stream().allMatch(s -> Files.exists(inbox.resolve("processed").resolve(s.getFileName())));
    }

    /** CPU time of this JVM plus its reaped children (the tesseract processes), from /proc/self/stat. */
    static long cpuNanos() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14-17 of stat (utime, stime, cutime, cstime) are at 11-14 after the command name
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String letter(int i) {
        String[] places = {"Kuripan", "Ampenan", "Cakranegara", "Sekarbela", "Selaparang", "Sandubaya"};
        String place = places[i % places.length];
        return "Mataram, " + (i % 27 + 1) + " Juni 2024\n\nKepada Yth.\nBapak Walikota Mataram\ndi Tempat\n\n"
                + "Perihal: Keluhan warga " + place + " nomor " + i + "\n\nDengan hormat,\n"
                + "Saya yang bertanda tangan di bawah ini ingin menyampaikan keluhan mengenai\n"
                + "jalan utama di " + place + " yang rusak parah sejak bulan Maret. Lubang besar membuat\n"
                + "banyak pengendara sepeda motor terjatuh, terutama pada malam hari karena\n"
                + "lampu jalan juga tidak menyala. Saluran air di sepanjang jalan tersumbat\n"
                + "sampah sehingga air meluap ke rumah warga setiap kali hujan turun.\n\n"
                + "Kami sudah melapor kepada kepala lingkungan dan kantor kelurahan sebanyak\n"
                + "tiga kali, tetapi sampai sekarang belum ada petugas yang datang memeriksa.\n\n"
                + "Mohon agar jalan dan saluran tersebut segera diperbaiki sebelum musim hujan.\n\n"
                + "Demikian surat ini saya sampaikan. Atas perhatian Bapak saya ucapkan\nterima kasih.\n\n"
                + "Hormat saya,\n\n\nWarga " + place + " " + i + "\nTelp. 0812-3456-" + String.format("%04d", 1000 + i) + "\n";
    }
}

package id.lapor.gateway.simulator;

import id.lapor.gateway.simulator.ScannerSimulator.Format;
import id.lapor.gateway.simulator.ScannerSimulator.Scan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counter's scanner for demo mode and docker-compose: each {@link #next} drops one sample letter
 * into the letters inbox the way a network scanner does (written under a hidden name, then renamed):
 * a clean scan, one that lay upside down, a two-page TIFF from the document feeder, a typed DOCX, a
 * scanned PDF, and an executable renamed to .pdf that must end up in failed/ with its reason.
 */
public class LetterTraffic {

    private static final Logger log = LoggerFactory.getLogger(LetterTraffic.class);

    private static final String JALAN = """
            Mataram, 5 Juni 2024

            Kepada Yth.
            Kepala Dinas Pekerjaan Umum dan Penataan Ruang
            di Tempat

            Perihal: Jalan rusak di Desa Kuripan

            Dengan hormat,
            Jalan utama di Desa Kuripan rusak parah sejak bulan Maret. Lubang besar
            membuat banyak pengendara sepeda motor terjatuh pada malam hari.
            Mohon agar jalan tersebut segera diperbaiki.

            Hormat saya,

            Ahmad Fauzi
            Telp. 0812-3456-7890
            """;
    private static final String SAMPAH = """
            Mataram, 03-09-2024

            Yth. Kepala Dinas Lingkungan Hidup Kota Mataram

            Hal : Sampah menumpuk di Pasar Kebon Roek

            Dengan hormat,
            Sudah tiga minggu sampah di pasar tidak diangkut. Baunya sampai ke rumah
            warga dan saluran air tersumbat. Mohon jadwal pengangkutan dipulihkan.

            Salam hormat,

            I Made Sudarsana
            """;
    private static final List<String> AIR = List.of("""
            Selong, 1 Oktober 2024

            Kepada Yth.
            Bapak Bupati Lombok Timur

            Perihal: Air bersih di Dusun Lendang Bajur

            Dengan hormat,
            Sudah dua bulan air PDAM tidak mengalir ke rumah kami, padahal tagihan
            bulanan tetap datang seperti biasa.
            """, """
            Kami sudah melapor ke kantor PDAM cabang Selong tiga kali.
            Besar harapan kami agar masalah ini segera ditangani.

            Hormat kami,

            Lalu Muhammad Zaini
            """);
    private static final String LAMPU = """
            Bima, 7 Juli 2024

            Kepada Yth.
            Kepala Dinas Perhubungan Kota Bima

            Perihal: Lampu lalu lintas mati

            Dengan hormat,
            Lampu lalu lintas di simpang Jalan Sultan Hasanuddin mati seminggu.

            Hormat saya,

            Nurhayati
            WA 0852-3711-4455
            """;
    private static final String SEKOLAH = """
            Praya, 4 November 2024

            Kepada Yth.
            Kepala Dinas Pendidikan dan Kebudayaan

            Perihal: Pungutan di SDN 2 Praya

            Dengan hormat,
            Sekolah anak kami meminta uang Rp 350.000 untuk seragam dan buku.

            Hormat saya,

            Muhammad Rizki
            """;

    private final Path inbox;
    private final AtomicInteger step = new AtomicInteger();

    public LetterTraffic(Path inbox) {
        this.inbox = inbox;
    }

    public synchronized void next() {
        int n = step.getAndIncrement();
        try {
            switch (n % 6) {
                case 0 -> drop("scan-jalan-" + n + ".png", ScannerSimulator.render(List.of(JALAN), new Scan(Format.PNG, 300, 0, 0.3, 0.001, n)));
                case 1 -> drop("scan-sampah-" + n + ".png", ScannerSimulator.render(List.of(SAMPAH), new Scan(Format.PNG, 300, 180, 0, 0.001, n)));
                case 2 -> drop("ADF-air-" + n + ".tif", ScannerSimulator.render(AIR, new Scan(Format.TIFF, 300, 0, 0, 0.001, n)));
                case 3 -> drop("Surat Lampu Jalan " + n + ".docx", ScannerSimulator.render(List.of(LAMPU), Scan.clean(Format.DOCX)));
                case 4 -> drop("Scan_Loket_" + n + ".pdf", ScannerSimulator.render(List.of(SEKOLAH), new Scan(Format.PDF_SCAN, 300, 0, 0, 0.001, n)));
                default -> drop("surat-penting-" + n + ".pdf", "MZ\u0090\u0000 this is a program, not a letter".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drop(String name, byte[] bytes) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        log.info("scanner simulator: dropped {} ({} bytes) into the letters inbox", name, bytes.length);
    }

    /** docker-compose's scanner-sim: {@code <inbox dir> [seconds between letters]}. */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : "letters-inbox");
        long every = args.length > 1 ? Long.parseLong(args[1]) : 30;
        LetterTraffic t = new LetterTraffic(dir);
        while (!Thread.currentThread().isInterrupted()) {
            t.next();
            Thread.sleep(every * 1000);
        }
    }
}

package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.DispositionRules;
import org.junit.jupiter.api.Test;
import org.xml.sax.helpers.AttributesImpl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The letters channel's decisions, without Camel or Tesseract. */
class LetterDecisionsTest {

    final LetterUnderstanding understanding = new LetterUnderstanding();

    @Test
    void datesInTheWaysLettersWriteThem() {
        assertThat(understanding.understand("Mataram, 5 Juni 2024\nIsi").date()).isEqualTo(LocalDate.of(2024, 6, 5));
        assertThat(understanding.understand("Sumbawa Besar, 17 Agt. 2023").date()).isEqualTo(LocalDate.of(2023, 8, 17));
        assertThat(understanding.understand("Bima, 1 Nopember 2022").place()).isEqualTo("Bima");
        assertThat(understanding.understand("Tanggal: 05/06/2024").date()).isEqualTo(LocalDate.of(2024, 6, 5));
        assertThat(understanding.understand("Dompu, 2 September 2024").date()).isEqualTo(LocalDate.of(2024, 9, 2));
        // not a day that exists, and a sentence that merely mentions a date: nothing is made up
        assertThat(understanding.understand("Mataram, 31 Februari 2024").date()).isNull();
        assertThat(understanding.understand("Jalan rusak sejak 5 Juni 2024 dan belum diperbaiki.").date()).isNull();
    }

    @Test
    void titleOnlyFromAPerihalOrHalLine() {
        assertThat(understanding.understand("Perihal : Jalan rusak.\nIsi").title()).isEqualTo("Jalan rusak");
        assertThat(understanding.understand("Hal: Sampah\nIsi").title()).isEqualTo("Sampah");
        assertThat(understanding.understand("Perihal:\nPungutan liar\nIsi").title()).isEqualTo("Pungutan liar");
        assertThat(understanding.understand("Hal ini sudah lama terjadi.").title()).isNull();
        assertThat(understanding.understand("Halaman 2").title()).isNull();
    }

    @Test
    void signatureNameSkipsRolesTtdAndNumbers() {
        String letter = "Dengan hormat,\nIsi surat.\n\nHormat kami,\nKetua RT 03,\nttd\n\n( H. Lalu Ahmad, S.Pd. )\n";
        assertThat(understanding.understand(letter).senderName()).isEqualTo("H. Lalu Ahmad, S.Pd.");
        assertThat(understanding.understand("Dengan hormat,\nIsi.\nHormat saya,\n0812 3456 7890\n").senderName()).isNull();
        assertThat(understanding.understand("Nama : Siti Aminah\nAlamat : Jl. Sriwijaya 4\nIsi").senderName()).isEqualTo("Siti Aminah");
    }

    @Test
    void phonesInE164AndANikIsNotAPhone() {
        var f = understanding.understand("NIK 5271012345678901\nHP: 0812-3456-7890, WA +62 877 1234 5678\nTelp. (0370) 631234");
        assertThat(f.phones()).containsExactly("+6281234567890", "+6287712345678", "+62370631234");
        assertThat(LetterUnderstanding.email("kirim ke Budi.Santoso@Mail.Example.id ya")).isEqualTo("budi.santoso@mail.example.id");
    }

    @Test
    void bodyLeavesOutHeaderAndSignatureAndJoinsWrappedLines() {
        String letter = """
                Nomor : 3/2024
                Lampiran : -
                Kepada Yth.
                Kepala Dinas Sosial
                di tempat

                Dengan hormat,
                Bantuan tidak
                sampai ke kami.

                1. Data kami hilang.
                2. Petugas tidak datang.

                Hormat saya,
                Budi
                """;
        var f = understanding.understand(letter);
        assertThat(f.body()).isEqualTo("Bantuan tidak sampai ke kami.\n\n1. Data kami hilang.\n2. Petugas tidak datang.");
        assertThat(f.addressee()).isEqualTo("Kepala Dinas Sosial");
        assertThat(f.senderName()).isEqualTo("Budi");
    }

    @Test
    void aNoteWithoutLetterPartsFindsNothingButItsText() {
        var f = understanding.understand("Lampu jalan mati.\nTolong.");
        assertThat(f.title()).isNull();
        assertThat(f.date()).isNull();
        assertThat(f.addressee()).isNull();
        assertThat(f.senderName()).isNull();
        assertThat(f.body()).isEqualTo("Lampu jalan mati. Tolong.");
        assertThat(understanding.understand("Sifat : Sangat Rahasia\nIsi").confidential()).isTrue();
    }

    @Test
    void theAddresseeDecidesTheDispositionWhenItNamesAnInstitution() {
        DispositionRules rules = new DispositionRules(new Complaint.Disposition("1001", "Diskominfo"), List.of(
                new DispositionRules.Rule(List.of("KESEHATAN"), "1003", "Dinas Kesehatan"),
                new DispositionRules.Rule(List.of("JALAN"), "1002", "Dinas Pekerjaan Umum dan Penataan Ruang")));
        assertThat(rules.forAddressee("Kepala DINAS KESEHATAN Kota Mataram, di Tempat")).hasValueSatisfying(d -> assertThat(d.institutionId()).isEqualTo("1003"));
        assertThat(rules.forAddressee("Kepala Dinas Pekerjaan Umum dan Penataan-Ruang")).hasValueSatisfying(d -> assertThat(d.institutionId()).isEqualTo("1002"));
        assertThat(rules.forAddressee("Bapak Bupati Lombok Barat")).isEmpty();
        assertThat(rules.forAddressee(null)).isEmpty();
    }

    @Test
    void hocrGivesLinesParagraphsConfidenceAndRotation() {
        HocrText h = new HocrText();
        span(h, "ocr_par", null);
        span(h, "ocr_line", "bbox 0 0 10 10; textangle 180");
        word(h, "Dengan", 90);
        word(h, "hormat,", 80);
        span(h, "ocr_line", "bbox 0 0 10 10; textangle 180");
        word(h, "Isi", 70);
        span(h, "ocr_par", null);
        span(h, "ocr_line", "bbox 0 0 10 10; textangle 180");
        word(h, "Budi", 60);
        assertThat(h.text()).isEqualTo("Dengan hormat,\nIsi\n\nBudi");
        assertThat(h.confidence()).isEqualTo(0.75);
        assertThat(h.rotation()).isEqualTo(180);
        assertThat(new HocrText().confidence()).isNull();
    }

    private static void span(HocrText h, String cls, String title) {
        AttributesImpl a = new AttributesImpl();
        a.addAttribute("", "class", "class", "CDATA", cls);
        if (title != null) a.addAttribute("", "title", "title", "CDATA", title);
        h.startElement("", "span", "span", a);
    }

    private static void word(HocrText h, String w, int conf) {
        AttributesImpl a = new AttributesImpl();
        a.addAttribute("", "class", "class", "CDATA", "ocrx_word");
        a.addAttribute("", "title", "title", "CDATA", "bbox 1 1 2 2; x_wconf " + conf);
        h.startElement("", "span", "span", a);
        h.characters(w.toCharArray(), 0, w.length());
        h.endElement("", "span", "span");
    }

    @Test
    void theTesseractLauncherRunsTheProgramSingleThreaded() throws Exception {
        // the launcher runs whatever it is given: /usr/bin/env shows the environment tesseract would see
        Path dir = TesseractOcr.writeLauncher("/usr/bin/env", Files.createTempDirectory("launcher"));
        Process p = new ProcessBuilder(dir.resolve("tesseract").toString()).start();
        String env = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(env).contains("OMP_THREAD_LIMIT=1");
        assertThatThrownBy(() -> TesseractOcr.writeLauncher("no-such-tesseract-here", dir))
                .hasMessageContaining("bin/setup").hasMessageContaining("tesseract-ocr-ind");
    }

    @Test
    void aReaderFailureQuarantinesTheFileInsteadOfRetryingItForever() {
        LetterReader failing = new LetterReader(Letters.LIMITS, Letters.OCR, null, null) {
            @Override
            public Read read(byte[] bytes, String detectedType) {
                throw new IllegalArgumentException("parser bug");
            }
        };
        var n = new LetterNormaliser(failing, 0.7, java.time.ZoneId.of("Asia/Jakarta")).normalise(new LetterFile("loket", "a.pdf", new byte[]{1}, null));
        assertThat(n).isEqualTo(id.lapor.gateway.complaint.Normalisation.rejected(id.lapor.gateway.complaint.Normalisation.ReasonClass.INTERNAL,
                "the letter reader failed on this file (IllegalArgumentException); kept for replay once that is fixed"));
    }

    @Test
    void attachmentNameIsTheFilesOwnWithoutFolders() {
        assertThat(LetterNormaliser.filename("C:\\scans\\surat 1.pdf", "application/pdf")).isEqualTo("surat 1.pdf");
        assertThat(LetterNormaliser.filename("../../etc/passwd", "text/plain")).isEqualTo("passwd");
        assertThat(LetterNormaliser.filename(null, "image/tiff")).isEqualTo("surat.tif");
    }

    @Test
    void aLettersSenderIsItsSignerNotTheCounter() {
        assertThat(LetterNormaliser.senderKey("loket-surat", "Siti  Aminah", "+6281755550101", null, "Jl. Sriwijaya 4"))
                .isEqualTo("letter:siti aminah|+6281755550101");
        assertThat(LetterNormaliser.senderKey("loket-surat", "Siti Aminah", null, "Siti@Example.org", null))
                .isEqualTo("letter:siti aminah|Siti@Example.org");
        assertThat(LetterNormaliser.senderKey("loket-surat", "Siti Aminah", null, null, "Jl. Sriwijaya  4,\nMataram"))
                .isEqualTo("letter:siti aminah|jl. sriwijaya 4, mataram");
        assertThat(LetterNormaliser.senderKey("loket-surat", "Budi", null, null, null))
                .as("same name, other signer").isNotEqualTo(LetterNormaliser.senderKey("loket-surat", "Siti Aminah", null, null, null));
        assertThat(LetterNormaliser.senderKey("loket-surat", null, null, null, null)).as("nothing of the signer read").isEqualTo("letter:loket-surat");
        String long1 = LetterNormaliser.senderKey("loket-surat", "a".repeat(400), null, null, null);
        assertThat(long1).startsWith("letter:sha256:").hasSizeLessThanOrEqualTo(320)
                .isNotEqualTo(LetterNormaliser.senderKey("loket-surat", "b".repeat(400), null, null, null));
    }
}

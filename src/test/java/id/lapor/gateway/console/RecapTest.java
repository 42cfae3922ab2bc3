package id.lapor.gateway.console;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Breakdown tables, urusan roll-up, bar geometry and the two file formats, without Spring. */
class RecapTest {

    static Map<String, Long> counts(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        return m;
    }

    @Test
    void tableIsNumberedLargestFirstWithATotal() {
        Recap.Table t = Recap.table(Recap.Breakdown.CATEGORY, counts("B", 2, "A", 5, "C", 2, "Z", 0, null, 1),
                k -> k == null ? "(tanpa isian)" : "name " + k);
        assertThat(t.rows()).containsExactly(new Recap.Row(1, "A", "name A", 5), new Recap.Row(2, "B", "name B", 2),
                new Recap.Row(3, "C", "name C", 2), new Recap.Row(4, null, "(tanpa isian)", 1));
        assertThat(t.total()).isEqualTo(10);
        assertThat(Recap.table(Recap.Breakdown.OPD, Map.of(), k -> k).isEmpty()).isTrue();
    }

    @Test
    void categoriesRollUpIntoTheirUrusan() {
        Map<String, String> parent = Map.of("JALAN_BERLUBANG", "PEKERJAAN UMUM", "PEKERJAAN_UMUM", "PEKERJAAN UMUM",
                "TRANSPORTASI_LAUT", "PERHUBUNGAN");
        Map<String, Long> u = Recap.rollUp(counts("JALAN_BERLUBANG", 3, "TRANSPORTASI_LAUT", 1, "PEKERJAAN_UMUM", 4), parent::get);
        assertThat(u).containsExactly(Map.entry("PEKERJAAN UMUM", 7L), Map.entry("PERHUBUNGAN", 1L));
    }

    @Test
    void barsAreProportionalVisibleAndLabelsCut() {
        String longName = "Dinas " + "Pekerjaan Umum ".repeat(10);
        Recap.Table t = Recap.table(Recap.Breakdown.OPD, counts("a", 1000, "b", 500, "c", 1, "d", 0), k -> k.equals("a") ? longName : k);
        Recap.Chart c = Recap.chart(t);
        assertThat(c.bars()).hasSize(3);
        assertThat(c.bars().get(0).width()).isEqualTo(Recap.BAR_MAX);
        assertThat(c.bars().get(1).width()).isEqualTo(Recap.BAR_MAX / 2);
        assertThat(c.bars().get(2).width()).isEqualTo(2);
        assertThat(c.bars().get(0).label()).hasSize(Recap.LABEL_MAX).endsWith("…");
        assertThat(c.bars().get(1).barY()).isEqualTo(c.bars().get(0).barY() + Recap.ROW_HEIGHT);
        assertThat(c.height()).isEqualTo(3 * Recap.ROW_HEIGHT);
        Map<String, Long> many = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) many.put("k" + i, (long) i + 1);
        assertThat(Recap.chart(Recap.table(Recap.Breakdown.CATEGORY, many, k -> k)).bars()).hasSize(Recap.MAX_BARS);
    }

    @Test
    void formulaLikeCellsAreDefused() {
        assertThat(Recap.safeCell("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(Recap.safeCell("+62812")).startsWith("'");
        assertThat(Recap.safeCell("@SUM(A1)")).startsWith("'");
        assertThat(Recap.safeCell("Dinas Sosial")).isEqualTo("Dinas Sosial");
        assertThat(Recap.safeCell(null)).isEmpty();
    }

    static final Map<String, String> LABELS = Map.of("recap.col.no", "No", "recap.col.urusan", "Urusan", "recap.col.count", "Jumlah",
            "recap.total", "Total");

    @Test
    void csvHasABomRfc4180QuotingAndATotalRow() throws Exception {
        RecapExport x = new RecapExport(k -> LABELS.getOrDefault(k, k));
        Recap.Table t = Recap.table(Recap.Breakdown.URUSAN, counts("p", 3, "q", 1),
                k -> k.equals("p") ? "PEKERJAAN UMUM, \"PUPR\"" : "Kesehatan\nanak");
        byte[] b = x.csv(t);
        assertThat(b[0]).isEqualTo((byte) 0xEF);
        assertThat(b[1]).isEqualTo((byte) 0xBB);
        assertThat(b[2]).isEqualTo((byte) 0xBF);
        String s = new String(b, StandardCharsets.UTF_8).substring(1);
        assertThat(s).startsWith("No,Urusan,Jumlah\r\n1,\"PEKERJAAN UMUM, \"\"PUPR\"\"\",3\r\n");
        List<CSVRecord> rows = CSVParser.parse(new StringReader(s), CSVFormat.RFC4180).getRecords();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2).get(1)).isEqualTo("Kesehatan\nanak");
        assertThat(rows.get(3).values()).containsExactly("", "Total", "4");
    }

    @Test
    void xlsxHasASheetPerBreakdownAndNumbersAsNumbers() throws Exception {
        RecapExport x = new RecapExport(k -> LABELS.getOrDefault(k, k));
        Recap.Table u = Recap.table(Recap.Breakdown.URUSAN, counts("p", 3, "q", 1), k -> k.equals("p") ? "=1+1" : "Sosial");
        Recap.Table c = Recap.table(Recap.Breakdown.CHANNEL, counts("SMS", 4), k -> k);
        RecapPeriod p = new RecapPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), ZoneId.of("Asia/Jakarta"), null);
        RecapQueries.Overdue o = new RecapQueries.Overdue("ABCD234567", id.lapor.gateway.complaint.Channel.SMS,
                id.lapor.gateway.complaint.ComplaintStatus.FORWARDED, Instant.EPOCH, Instant.EPOCH, "t", "c", "o");
        byte[] b = x.xlsx(new RecapExport.Report(p, List.of(u, c), List.of(o), 1, 0), r -> new String[] {r.ticket(), "x"});
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(b))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3);
            Sheet s = wb.getSheet("Urusan");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).contains("2026-11-01").contains("2026-11-30");
            assertThat(s.getRow(2).getCell(1).getStringCellValue()).isEqualTo("Urusan");
            // a hostile label stays a string, never a formula
            assertThat(s.getRow(3).getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(s.getRow(3).getCell(1).getStringCellValue()).isEqualTo("=1+1");
            assertThat(s.getRow(3).getCell(2).getNumericCellValue()).isEqualTo(3.0);
            assertThat(s.getRow(5).getCell(1).getStringCellValue()).isEqualTo("Total");
            assertThat(s.getRow(5).getCell(2).getNumericCellValue()).isEqualTo(4.0);
            assertThat(wb.getSheet("recap.col.kanal").getRow(3).getCell(2).getNumericCellValue()).isEqualTo(4.0);
            assertThat(wb.getSheetAt(2).getRow(3).getCell(1).getStringCellValue()).isEqualTo("ABCD234567");
        }
    }
}

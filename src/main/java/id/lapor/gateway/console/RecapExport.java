package id.lapor.gateway.console;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The recap as files, in the shape of the provincial recaps: a header {@code No, <breakdown>, Jumlah},
 * one numbered row per key, then a {@code Total} row. Plain Java (no Spring).
 *
 * <ul>
 *   <li>CSV: one breakdown per file; RFC 4180 (comma, double-quote quoting, CRLF) written by Apache
 *   Commons CSV, UTF-8 with a byte order mark so Excel reads Indonesian text right; cells that a
 *   spreadsheet would run as a formula are prefixed with an apostrophe ({@link Recap#safeCell}).</li>
 *   <li>XLSX (Apache POI, OOXML): one sheet per breakdown plus one with the complaints past their SLA;
 *   every text is a string cell (never a formula), counts are numeric cells, the total is a number too
 *   (not a formula, so a reader without a calculation engine sees it).</li>
 * </ul>
 */
public final class RecapExport {

    /** Labels in the user's language: {@code text.apply(messageKey)}. */
    private final Function<String, String> text;

    public RecapExport(Function<String, String> text) {
        this.text = text;
    }

    /** The whole recap for the XLSX: its tables in order and the overdue list. */
    public record Report(RecapPeriod period, List<Recap.Table> tables, List<RecapQueries.Overdue> overdue,
                         long overdueCount, long duplicates) {}

    /** Column heading of a breakdown's label column ({@code Urusan}, {@code Kanal}, …). */
    String heading(Recap.Breakdown b) {
        return text.apply("recap.col." + b.key);
    }

    /** One breakdown as CSV bytes (UTF-8 with BOM). */
    public byte[] csv(Recap.Table t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180)) {
            w.write('\uFEFF');
            csv.printRecord(text.apply("recap.col.no"), heading(t.breakdown()), text.apply("recap.col.count"));
            for (Recap.Row r : t.rows()) csv.printRecord(r.no(), Recap.safeCell(r.label()), r.count());
            csv.printRecord("", text.apply("recap.total"), t.total());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The complaints past their SLA as CSV bytes (UTF-8 with BOM). */
    public byte[] csvOverdue(List<RecapQueries.Overdue> rows, Function<RecapQueries.Overdue, String[]> cells) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180)) {
            w.write('\uFEFF');
            csv.printRecord((Object[]) overdueHeadings());
            int no = 1;
            for (RecapQueries.Overdue o : rows) {
                String[] c = cells.apply(o);
                Object[] rec = new Object[c.length + 1];
                rec[0] = no++;
                for (int i = 0; i < c.length; i++) rec[i + 1] = Recap.safeCell(c[i]);
                csv.printRecord(rec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    String[] overdueHeadings() {
        return new String[] {text.apply("recap.col.no"), text.apply("recap.overdue.ticket"), text.apply("recap.overdue.received"),
                text.apply("recap.overdue.due"), text.apply("recap.col.kanal"), text.apply("recap.col.kategori"),
                text.apply("recap.col.opd"), text.apply("recap.col.status"), text.apply("recap.overdue.title")};
    }

    /**
     * The workbook: a sheet per table (named after its breakdown), then the overdue list. Row 1 holds the
     * title with the period, row 3 the header, rows from 4 the numbered rows, then the Total row.
     */
    public byte[] xlsx(Report r, Function<RecapQueries.Overdue, String[]> cells) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = wb.createCellStyle();
            Font f = wb.createFont();
            f.setBold(true);
            bold.setFont(f);
            String title = text.apply("recap.file.title") + " " + r.period().first() + " – " + r.period().last();
            for (Recap.Table t : r.tables()) {
                Sheet s = wb.createSheet(WorkbookUtil.createSafeSheetName(heading(t.breakdown())));
                text(s.createRow(0), 0, title, bold);
                Row h = s.createRow(2);
                text(h, 0, text.apply("recap.col.no"), bold);
                text(h, 1, heading(t.breakdown()), bold);
                text(h, 2, text.apply("recap.col.count"), bold);
                int i = 3;
                for (Recap.Row row : t.rows()) {
                    Row x = s.createRow(i++);
                    x.createCell(0).setCellValue(row.no());
                    x.createCell(1).setCellValue(row.label());
                    x.createCell(2).setCellValue(row.count());
                }
                Row total = s.createRow(i);
                text(total, 1, text.apply("recap.total"), bold);
                Cell n = total.createCell(2);
                n.setCellValue(t.total());
                n.setCellStyle(bold);
                s.setColumnWidth(0, 6 * 256);
                s.setColumnWidth(1, 60 * 256);
                s.setColumnWidth(2, 12 * 256);
            }
            Sheet s = wb.createSheet(WorkbookUtil.createSafeSheetName(text.apply("recap.overdue.sheet")));
            text(s.createRow(0), 0, title, bold);
            Row h = s.createRow(2);
            String[] heads = overdueHeadings();
            for (int c = 0; c < heads.length; c++) text(h, c, heads[c], bold);
            int i = 3;
            for (RecapQueries.Overdue o : r.overdue()) {
                Row x = s.createRow(i);
                x.createCell(0).setCellValue(i - 2);
                String[] c = cells.apply(o);
                for (int k = 0; k < c.length; k++) x.createCell(k + 1).setCellValue(c[k] == null ? "" : c[k]);
                i++;
            }
            if (r.overdueCount() > r.overdue().size()) {
                text(s.createRow(i + 1), 1, text.apply("recap.overdue.more") + " " + r.overdueCount(), null);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(Row row, int col, String value, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        if (style != null) c.setCellStyle(style);
    }
}

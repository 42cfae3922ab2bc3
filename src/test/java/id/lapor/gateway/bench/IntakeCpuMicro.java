package id.lapor.gateway.bench;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.OperatorFiles;
import id.lapor.gateway.intake.TextFingerprint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** CPU cost of intake's non-database steps, per step (benchmark: prints figures). */
@Tag("benchmark")
class IntakeCpuMicro {

    @Test
    void perStepCost() {
        CanonicalJson json = new CanonicalJson();
        CategoryLexicon lex = OperatorFiles.categories(Path.of("channel-config"));
        String text = "Jalan berlubang di depan rumah nomor 12, mohon segera diperbaiki sebelum ada korban";
        Complaint c = Complaint.builder().schemaVersion(1).ticket(Ticket.generate()).channel(Channel.SMS).receivedAt(Instant.now())
                .source(new Complaint.Source("x", "smsc", null))
                .reporter(new Complaint.Reporter(null, "+6281234567890", null, "tel:+6281234567890", false, false))
                .title("Jalan berlubang").content(text).language("id").category(lex.classify(null, text))
                .disposition(new Complaint.Disposition("1002", "PU")).attachments(List.of()).flags(List.of())
                .status(ComplaintStatus.RECEIVED).lapor(Complaint.Lapor.NONE).slaDueAt(Instant.now()).overdue(false).build();
        int n = 20000;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) lex.classify(null, text);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) json.violations(c);
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) json.write(c);
            long t3 = System.nanoTime();
            for (int i = 0; i < n; i++) TextFingerprint.contentHash(null, text);
            long t4 = System.nanoTime();
            for (int i = 0; i < n; i++) Ticket.generate();
            long t5 = System.nanoTime();
            System.out.printf("classify %.1f us, validate %.1f us, write %.1f us, fingerprint %.1f us, ticket %.1f us%n",
                    (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n, (t4 - t3) / 1e3 / n, (t5 - t4) / 1e3 / n);
        }
    }
}

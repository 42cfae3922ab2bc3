package id.lapor.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.intake.IntakeReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo mode: sample posts as an admin would flag them, one per tick, cycling through categories,
 * with a repeated post (content duplicate) and a refused platform (quarantine) among them. Its
 * route (demo-routes/demo.yaml in the test tree) only starts when gateway.demo.enabled is true.
 */
public class DemoFeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoFeeder.class);

    private record Sample(String platform, String handle, String name, String text, String location, boolean anonymous) {}

    private static final List<Sample> SAMPLES = List.of(
            new Sample("x", "warga_ampenan", "Lalu Ahmad", "Jalan di depan SDN 3 Ampenan berlubang besar, sudah tiga bulan tidak diperbaiki. Sudah dua pengendara motor jatuh minggu ini.", "Jl. Saleh Sungkar, Ampenan, Mataram", false),
            new Sample("facebook", "ibu.sari.cakra", "Sari Wulandari", "Sampah menumpuk di TPS Pasar Cakranegara sudah seminggu tidak diangkut, bau menyengat sampai ke rumah warga.", "Pasar Cakranegara", false),
            new Sample("instagram", "pemuda_sekarbela", null, "Antrean di Puskesmas Karang Taliwang sangat panjang, dokter baru datang jam 10, pasien lansia menunggu dari jam 7 pagi.", "Puskesmas Karang Taliwang", false),
            new Sample("x", "warga_ampenan", "Lalu Ahmad", "Jalan di depan SDN 3 Ampenan berlubang besar, sudah tiga bulan tidak diperbaiki. Sudah dua pengendara motor jatuh minggu ini.", "Jl. Saleh Sungkar, Ampenan, Mataram", false),
            new Sample("tiktok", "anak_rantau_ntb", null, "Sudah dua bulan mengurus KTP elektronik di Dukcapil tapi katanya blangko habis terus. Kapan selesai?", null, true),
            new Sample("myspace", "old_school", null, "Lampu penerangan jalan di Jl. Udayana mati semua sejak seminggu.", "Jl. Udayana", false),
            new Sample("facebook", "keluarga.pkh.lombok", null, "Bantuan sosial PKH keluarga kami tidak cair tiga bulan, padahal nama masih ada di DTKS.", "Kec. Gunungsari", true),
            new Sample("youtube", "info_mataram", "Info Mataram", "Listrik padam hampir setiap malam di Kelurahan Pagesangan, pemadaman tanpa pemberitahuan dari PLN.", "Pagesangan, Mataram", false));

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicInteger tick = new AtomicInteger();

    public byte[] next() throws Exception {
        int n = tick.getAndIncrement();
        Sample s = SAMPLES.get(n % SAMPLES.size());
        int round = n / SAMPLES.size();
        ObjectNode o = mapper.createObjectNode().put("platform", s.platform())
                .put("post_url", "https://www." + s.platform() + ".com/" + s.handle() + "/posts/" + (1000 + n))
                .put("author_handle", "@" + s.handle()).put("author_name", s.name())
                .put("text", round == 0 ? s.text() : s.text() + " (laporan ulang ke-" + round + ")")
                .put("location", s.location()).put("anonymous", s.anonymous())
                .put("note", "Ditandai oleh admin Diskominfo (demo)").put("flagged_by", "demo-admin");
        return mapper.writeValueAsBytes(o);
    }

    public void report(IntakeReceipt r) {
        log.info("DEMO: flagged post -> {} ticket={}{}", r.outcome(), r.ticket(), r.reason() == null ? "" : " (" + r.reason() + ")");
    }
}

package id.lapor.gateway.channel.sms;

import id.lapor.gateway.simulator.SmscSimulator;
import org.jsmpp.bean.OptionalParameter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the hex PDU fixtures in src/test/resources/fixtures/sms were made (run with
 * {@code ./mvnw test -Dtest=SmsFixtureInputs -Dfixtures.write=true}); a new case can equally be a
 * hex dump captured from a real SMSC, one PDU per line in arrival order.
 */
class SmsFixtureInputs {

    static final String FROM = "081234567801";
    static final String TO = "1708";

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "fixtures.write", matches = "true")
    void write() throws Exception {
        Path dir = SmsFixturesTest.DIR;
        Files.createDirectories(dir);
        for (Map.Entry<String, List<byte[]>> e : inputs().entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (byte[] pdu : e.getValue()) sb.append(HexFormat.of().formatHex(pdu)).append('\n');
            Files.writeString(dir.resolve(e.getKey() + ".hex"), sb.toString());
        }
        Files.createDirectories(SmsFixturesTest.PACKED_DIR);
        for (Map.Entry<String, List<byte[]>> e : packedInputs().entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (byte[] pdu : e.getValue()) sb.append(HexFormat.of().formatHex(pdu)).append('\n');
            Files.writeString(SmsFixturesTest.PACKED_DIR.resolve(e.getKey() + ".hex"), sb.toString());
        }
    }

    /**
     * Variants of case 04 (packed GSM-7 after a UDH) for a bind with {@code default-alphabet: GSM7_PACKED}:
     * in {@code fixtures/sms/gsm7-packed/}, run with that setting by {@link SmsFixturesTest}.
     */
    static Map<String, List<byte[]>> packedInputs() throws Exception {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        // part 1: 6-octet UDH, 1 fill bit, 153 septets = 1,072 bits = exactly 134 octets: its last septet ('a') is text
        String first = "Pompa air di Dusun Karang Bongkot rusak sejak Agustus, warga antre di sumur tetangga tiap subuh. "
                + "Sdh 2 kali lapor ke desa tapi teknisi tak datang. Airnya";
        if (first.length() != 153) throw new IllegalStateException("part 1 must be 153 septets, is " + first.length());
        // part 2: 16 septets after 1 fill bit = 113 bits in 15 octets; the 7 spare bits read as a septet are dropped
        m.put("packed-udh8-first-part-ends-on-septet-boundary", List.of(
                packedUdh(new byte[] {5, 0, 3, 0x51, 2, 1}, 1, first),
                packedUdh(new byte[] {5, 0, 3, 0x51, 2, 2}, 1, " keruh dan bau!!")));
        // 7-octet UDH (16-bit reference) is 56 bits: no fill bits; part 2 is 7 septets, its last octet padded with 7 zero bits
        m.put("packed-udh16-no-fill-bits-padded-last-octet", List.of(
                packedUdh(new byte[] {6, 8, 4, 0x12, 0x34, 2, 2}, 0, "Segera!"),
                packedUdh(new byte[] {6, 8, 4, 0x12, 0x34, 2, 1}, 0, "Lampu penerangan jalan di Jembatan Ampenan mati total, rawan begal. ")));
        return m;
    }

    /** One packed part: the UDH, {@code fill} zero bits, then the text's septets packed LSB first (23.038 §6.1.2.1.1). */
    static byte[] packedUdh(byte[] udh, int fill, String text) throws Exception {
        byte[] septets = Gsm7.encodeUnpacked(text);
        byte[] packed = new byte[(fill + septets.length * 7 + 7) / 8];
        for (int i = 0; i < septets.length; i++) {
            for (int b = 0; b < 7; b++) {
                if ((septets[i] >> b & 1) == 0) continue;
                int bit = fill + i * 7 + b;
                packed[bit / 8] |= (byte) (1 << (bit % 8));
            }
        }
        return pdu(1, FROM, 0x40, 0, concat(udh, packed));
    }

    static Map<String, List<byte[]>> inputs() throws Exception {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        m.put("gsm7-plain", List.of(gsm("Jalan berlubang di depan SDN 3 Mataram, sudah 2 bulan tidak diperbaiki")));
        m.put("gsm7-extension-chars", List.of(gsm("Tarif parkir naik jadi €2 [tanpa karcis] {resmi?} ~ ^ \\ | petugas kasar")));
        m.put("ucs2-emoji", List.of(pdu(1, FROM, 0, 0x08, utf16("Banjir lagi di Kampung Melayu 😢🌊 tolong pompa air dinyalakan"))));
        m.put("latin1", List.of(pdu(1, FROM, 0, 0x03, "Antrean puskesmas 4 jam, dokter datang pukul 11, café di depan malah buka".getBytes(StandardCharsets.ISO_8859_1))));
        String long1 = "Saluran irigasi di Desa Sukadana tersumbat sampah plastik sejak musim hujan. ";
        String long2 = "Sawah 20 hektar terendam dan padi mulai busuk. Petani sudah lapor ke kepala desa ";
        String long3 = "tapi belum ada tindakan. Mohon dinas PU turun tangan.";
        m.put("udh8-out-of-order", List.of(udh8(0x2A, 3, 2, long2), udh8(0x2A, 3, 3, long3), udh8(0x2A, 3, 1, long1)));
        // UCS-2 split inside a surrogate pair: 😢 is D83D DE22, its halves in different parts
        byte[] whole = utf16("Sekolah roboh 😢 murid belajar di tenda");
        int cut = utf16("Sekolah roboh ").length + 2;
        m.put("udh16-ucs2-out-of-order", List.of(
                udh16(0xBEEF, 2, 2, 0x08, slice(whole, cut, whole.length)),
                udh16(0xBEEF, 2, 1, 0x08, slice(whole, 0, cut))));
        String sar1 = "Puskesmas Pembantu Desa Lendang Nangka tutup sejak Senin. ";
        String sar2 = "Ibu hamil harus ke kota 15 km untuk periksa, ongkos ojek 50 ribu. ";
        String sar3 = "Mohon bidan ditempatkan kembali.";
        m.put("sar-out-of-order", List.of(sar(517, 3, 3, sar3), sar(517, 3, 2, sar2), sar(517, 3, 1, sar1)));
        m.put("message-payload", List.of(pdu(1, FROM, 0, 0, new byte[0],
                new OptionalParameter.OctetString((short) 0x0424, Gsm7.encodeUnpacked(
                        "Pasar Cakranegara becek dan atapnya bocor di 12 titik. Pedagang sayur pindah ke jalan sehingga macet tiap pagi. "
                        + "Retribusi tetap ditarik penuh. Mohon dinas perdagangan memperbaiki atap sebelum puncak musim hujan.")))));
        m.put("delivery-receipt", List.of(pdu(1, "6281234567801", 0x04, 0,
                "id:5A01 sub:001 dlvrd:001 submit date:2611230800 done date:2611230801 stat:DELIVRD err:000 text:".getBytes(StandardCharsets.US_ASCII),
                new OptionalParameter.COctetString((short) 0x001E, "5A01"), new OptionalParameter.Byte((short) 0x0427, (byte) 2))));
        m.put("ignored-alphanumeric-sender", List.of(pdu(5, "TSEL", 0, 0, Gsm7.encodeUnpacked("Paket 10GB cuma 20rb! Ketik *363#"))));
        m.put("keyword-lapor-fields", List.of(gsm("LAPOR#Siti Aminah#Pasar Baru Blok C#Pungutan liar Rp5.000 per lapak tiap pagi")));
        m.put("keyword-aduan-colon-lowercase", List.of(gsm("aduan: lampu lalu lintas perempatan Cakranegara mati")));
        m.put("keyword-adu-star", List.of(gsm("ADU*Sampah tidak diangkut 2 minggu di Gang Melati")));
        m.put("keyword-pengaduan-dot-rahasia", List.of(gsm("PENGADUAN. RAHASIA guru honorer belum digaji 3 bulan, NIK saya 5271012304850001")));
        m.put("keyword-anonim-fields", List.of(gsm("LAPOR ANONIM#Andi#Jl. Udayana#Pungli di loket samsat")));
        m.put("free-text-international-sender", List.of(pdu(1, "+6281234567801", 0, 0, Gsm7.encodeUnpacked("Mohon info kenapa KTP elektronik saya belum jadi sejak Januari"))));
        String valid = null;
        String mistyped = null;
        for (char c : id.lapor.gateway.complaint.Ticket.ALPHABET.toCharArray()) {
            if (id.lapor.gateway.complaint.Ticket.parse("2ZRJ0HAB" + c) instanceof id.lapor.gateway.complaint.Ticket.Parsed.Valid) valid = "2ZRJ0HAB" + c;
            else mistyped = "2ZRJ0HAB" + c;
        }
        m.put("command-cek-valid", List.of(gsm("CEK " + valid)));
        m.put("command-cek-mistyped", List.of(gsm("cek " + mistyped.toLowerCase())));
        m.put("command-info", List.of(gsm("INFO")));
        m.put("rejected-8bit-binary", List.of(pdu(1, FROM, 0, 0x04, new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1})));
        m.put("rejected-unknown-data-coding", List.of(pdu(1, FROM, 0, 0x0B, new byte[] {0x41, 0x42})));
        m.put("rejected-empty", List.of(pdu(1, FROM, 0, 0, new byte[0])));
        m.put("rejected-whitespace-only", List.of(gsm("   \n  \r ")));
        m.put("rejected-keyword-only", List.of(gsm("LAPOR")));
        m.put("rejected-udh-zero-parts", List.of(pdu(1, FROM, 0x40, 0, concat(new byte[] {5, 0, 3, 9, 0, 1}, Gsm7.encodeUnpacked("x")))));
        m.put("rejected-udh-part-above-total", List.of(pdu(1, FROM, 0x40, 0, concat(new byte[] {5, 0, 3, 9, 2, 3}, Gsm7.encodeUnpacked("x")))));
        m.put("rejected-udh-200-parts", List.of(pdu(1, FROM, 0x40, 0, concat(new byte[] {5, 0, 3, 9, (byte) 200, 1}, Gsm7.encodeUnpacked("x")))));
        m.put("rejected-udh-longer-than-message", List.of(pdu(1, FROM, 0x40, 0, new byte[] {20, 0, 3, 9})));
        m.put("rejected-sar-incomplete", List.of(pdu(1, FROM, 0, 0, Gsm7.encodeUnpacked("bagian tanpa total"),
                new OptionalParameter.Sar_msg_ref_num((short) 5), new OptionalParameter.Sar_segment_seqnum((byte) 1))));
        m.put("rejected-ucs2-lone-surrogate", List.of(pdu(1, FROM, 0, 0x08, new byte[] {0, 0x41, (byte) 0xD8, 0x3D, 0, 0x42})));
        m.put("rejected-gsm7-high-octet", List.of(pdu(1, FROM, 0, 0, new byte[] {0x41, (byte) 0xC3, (byte) 0xA9})));
        m.put("rejected-not-a-phone-number", List.of(pdu(1, "12345", 0, 0, Gsm7.encodeUnpacked("aduan dari nomor pendek"))));
        m.put("rejected-oversized-payload", List.of(pdu(1, FROM, 0, 0, new byte[0],
                new OptionalParameter.OctetString((short) 0x0424, Gsm7.encodeUnpacked("Tolong. ".repeat(400))))));
        byte[] truncated = gsm("potongan PDU");
        truncated[truncated.length - 13] = (byte) 0x60;     // sm_length now runs past the end
        m.put("rejected-truncated-pdu", List.of(truncated));
        byte[] badLength = gsm("panjang salah");
        ByteBuffer.wrap(badLength).putInt(0, badLength.length + 40);
        m.put("rejected-command-length-mismatch", List.of(badLength));
        // kind 1: receipts recognised by their text or TLVs whatever esm_class says
        m.put("receipt-esm0-stat-undeliv", List.of(pdu(1, "6281234567801", 0, 0,
                "id:7F3A0C11 sub:001 dlvrd:000 submit date:2611300900 done date:2611300931 stat:UNDELIV err:001 text:LAPOR! Aduan Anda".getBytes(StandardCharsets.US_ASCII))));
        m.put("receipt-esm0-tlvs-only", List.of(pdu(1, "6281234567801", 0, 0, new byte[0],
                new OptionalParameter.COctetString((short) 0x001E, "0B77E2"), new OptionalParameter.Byte((short) 0x0427, (byte) 5))));
        // kind 2: a command word followed by a sentence is a complaint; followed by one ticket it is a command
        m.put("command-word-status-sentence", List.of(gsm("STATUS honor guru ngaji di Desa Sesela belum dibayar sejak Juni, mohon dicek")));
        m.put("command-word-info-sentence", List.of(gsm("Info lowongan PPPK di kabupaten tidak pernah diumumkan terbuka, hanya lewat orang dalam")));
        m.put("command-word-bantuan-sentence", List.of(gsm("Bantuan beras untuk lansia di RT 04 Pagesangan dipotong 5 kg oleh ketua RT")));
        m.put("command-cek-ticket-with-dashes", List.of(gsm("Cek " + valid.substring(0, 4) + "-" + valid.substring(4, 8) + "-" + valid.substring(8) + ".")));
        // kind 3: sender numbers by their declared type of number
        m.put("sender-ton1-indonesian-digits", List.of(pdu(1, "6281234567801", 0, 0, Gsm7.encodeUnpacked("Truk sampah hanya datang sebulan sekali ke Perumahan Griya Pagutan"))));
        m.put("sender-ton0-leading-zero", List.of(pdu(0, "081234567801", 0, 0, Gsm7.encodeUnpacked("Gorong-gorong di Jalan Pejanggik tersumbat, air meluap ke toko"))));
        m.put("sender-ton2-national-without-zero", List.of(pdu(2, "81234567801", 0, 0, Gsm7.encodeUnpacked("Guru SD Negeri 12 Cakranegara sering tidak masuk mengajar"))));
        m.put("sender-ton1-foreign-singapore", List.of(pdu(1, "6591234567", 0, 0, Gsm7.encodeUnpacked("Saya TKI di Singapura, paspor ditahan majikan, mohon bantuan BP2MI"))));
        return m;
    }

    static byte[] gsm(String text) throws Exception {
        return pdu(1, FROM, 0, 0, Gsm7.encodeUnpacked(text));
    }

    static byte[] udh8(int ref, int total, int seq, String text) throws Exception {
        return pdu(1, FROM, 0x40, 0, concat(new byte[] {5, 0, 3, (byte) ref, (byte) total, (byte) seq}, Gsm7.encodeUnpacked(text)));
    }

    static byte[] udh16(int ref, int total, int seq, int dc, byte[] body) throws Exception {
        return pdu(1, FROM, 0x40, dc, concat(new byte[] {6, 8, 4, (byte) (ref >> 8), (byte) ref, (byte) total, (byte) seq}, body));
    }

    static byte[] sar(int ref, int total, int seq, String text) throws Exception {
        return pdu(1, FROM, 0, 0, Gsm7.encodeUnpacked(text), new OptionalParameter.Sar_msg_ref_num((short) ref),
                new OptionalParameter.Sar_total_segments((byte) total), new OptionalParameter.Sar_segment_seqnum((byte) seq));
    }

    static byte[] pdu(int ton, String from, int esm, int dc, byte[] sm, OptionalParameter... tlvs) throws Exception {
        return SmscSimulator.deliverSmPdu(1, ton, from, TO, esm, dc, sm, tlvs);
    }

    static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16BE);
    }

    static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}

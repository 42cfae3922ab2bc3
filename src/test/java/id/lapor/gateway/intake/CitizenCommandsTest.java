package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CitizenCommands.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared command rule (case 02 of #15): a text is a command only when the whole text is one. */
class CitizenCommandsTest {

    static final String VALID = validTicket();
    static final String MISTYPED = VALID.substring(0, 8) + (VALID.charAt(8) == '0' ? '1' : '0');

    static String validTicket() {
        for (char c : Ticket.ALPHABET.toCharArray()) if (Ticket.parse("2ZRJ0HAB" + c) instanceof Ticket.Parsed.Valid v) return v.ticket();
        throw new IllegalStateException("no check symbol");
    }

    @Test
    void aCommandWordWithATicketOrNothingIsACommand() {
        assertThat(CitizenCommands.parse("CEK " + VALID)).contains(new Command.StatusQuery(new Ticket.Parsed.Valid(VALID)));
        assertThat(CitizenCommands.parse("  status#" + VALID.toLowerCase() + " ")).contains(new Command.StatusQuery(new Ticket.Parsed.Valid(VALID)));
        assertThat(CitizenCommands.parse("Cek " + VALID.substring(0, 4) + "-" + VALID.substring(4) + "."))
                .contains(new Command.StatusQuery(new Ticket.Parsed.Valid(VALID)));
        assertThat(CitizenCommands.parse("cek " + VALID.substring(0, 4) + " " + VALID.substring(4)))
                .contains(new Command.StatusQuery(new Ticket.Parsed.Valid(VALID)));
        assertThat(CitizenCommands.parse("CEK " + MISTYPED)).contains(new Command.StatusQuery(new Ticket.Parsed.Mistyped(MISTYPED)));
        assertThat(CitizenCommands.parse("INFO " + VALID)).contains(new Command.StatusQuery(new Ticket.Parsed.Valid(VALID)));
        assertThat(CitizenCommands.parse("CEK")).contains(new Command.StatusQuery(new Ticket.Parsed.NotATicket()));
        assertThat(CitizenCommands.parse("status?")).contains(new Command.StatusQuery(new Ticket.Parsed.NotATicket()));
        assertThat(CitizenCommands.parse("info")).contains(new Command.Help());
        assertThat(CitizenCommands.parse("BANTUAN!")).contains(new Command.Help());
        assertThat(CitizenCommands.parse("Help")).contains(new Command.Help());
    }

    @Test
    void aTicketTypedTooShortOrTooLongIsStillAQueryWhenItHasADigit() {
        assertThat(CitizenCommands.parse("CEK 2ZRJ0HA")).contains(new Command.StatusQuery(new Ticket.Parsed.NotATicket()));
        assertThat(CitizenCommands.parse("STATUS 12345678901")).contains(new Command.StatusQuery(new Ticket.Parsed.NotATicket()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Cek kesehatan gratis di Puskesmas Ampenan ternyata dipungut Rp50.000 per orang, mohon ditertibkan",
            "Status tanah makam Desa Kuripan diserobot pengembang, warga tidak bisa memakamkan keluarga",
            "STATUS honor guru ngaji belum dibayar",
            "Info jalan rusak di Ampenan",
            "Bantuan beras untuk lansia dipotong 5 kg",
            "CEK 2ZRJ0HABK terima kasih",
            "CEK jalan",
            "cek 1234567890123",
            "CEKAL pungli di terminal",
            "LAPOR cek kesehatan berbayar",
            "Stop pungli di jembatan timbang Labuhan Lombok",
            "Berhenti beroperasi sejak Senin, puskesmas pembantu tutup",
            "Mulai besok air PDAM mati tanpa pemberitahuan",
            "STOP jalan",
            "BERHENTIKAN pungli",
            "",
            "   "})
    void aTextThatOnlyStartsWithACommandWordIsNoCommand(String text) {
        assertThat(CitizenCommands.parse(text)).isEmpty();
    }

    @Test
    void berhentiAndStopEndStatusUpdatesAndMulaiAndStartResumeThemAloneOrWithATicket() {
        for (String t : new String[] {"BERHENTI", "berhenti", " Stop! ", "STOP.", "unreg", "berhenti " + VALID, "STOP " + MISTYPED, "Berhenti:"}) {
            assertThat(CitizenCommands.parse(t)).as(t).contains(new Command.StopUpdates());
        }
        for (String t : new String[] {"MULAI", "mulai", "Start", "REG", "mulai " + VALID}) {
            assertThat(CitizenCommands.parse(t)).as(t).contains(new Command.ResumeUpdates());
        }
    }

    @Test
    void noTextIsNoCommand() {
        assertThat(CitizenCommands.parse(null)).isEmpty();
    }
}

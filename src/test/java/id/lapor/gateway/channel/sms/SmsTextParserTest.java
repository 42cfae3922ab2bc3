package id.lapor.gateway.channel.sms;

import id.lapor.gateway.channel.sms.SmsTextParser.Intent;
import id.lapor.gateway.complaint.Ticket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTextParserTest {

    private final SmsTextParser parser = new SmsTextParser(List.of("LAPOR", "ADUAN", "ADU", "PENGADUAN"));

    @Test
    void keywordWithFieldsInEverySeparatorStyle() {
        Intent expected = new Intent.Complaint("Jalan berlubang besar", "Budi", "Jl. Majapahit Mataram", false, false);
        assertThat(parser.parse("LAPOR#Budi#Jl. Majapahit Mataram#Jalan berlubang besar")).isEqualTo(expected);
        assertThat(parser.parse("lapor Budi * Jl. Majapahit Mataram * Jalan berlubang besar")).isEqualTo(expected);
        assertThat(parser.parse("Pengaduan: Budi#Jl. Majapahit Mataram#Jalan berlubang besar")).isEqualTo(expected);
        assertThat(parser.parse("  adu.Budi#Jl. Majapahit Mataram#Jalan berlubang besar ")).isEqualTo(expected);
    }

    @Test
    void freeTextWithOrWithoutKeywordKeepsEverythingAfterTheKeyword() {
        assertThat(parser.parse("Aduan lampu jalan mati sejak 3 hari di Gomong"))
                .isEqualTo(new Intent.Complaint("lampu jalan mati sejak 3 hari di Gomong", null, null, false, false));
        assertThat(parser.parse("Lampu jalan mati sejak 3 hari di Gomong. Mohon dibantu"))
                .isEqualTo(new Intent.Complaint("Lampu jalan mati sejak 3 hari di Gomong. Mohon dibantu", null, null, false, false));
        // a word that only starts like a keyword is text
        assertThat(parser.parse("Adukan ini ke dinas")).isEqualTo(new Intent.Complaint("Adukan ini ke dinas", null, null, false, false));
    }

    @Test
    void markersSetFlagsAndAreRemoved() {
        assertThat(parser.parse("LAPOR RAHASIA pungli di kantor kelurahan"))
                .isEqualTo(new Intent.Complaint("pungli di kantor kelurahan", null, null, false, true));
        assertThat(parser.parse("lapor#anonim#rahasia#Siti#Pasar Kebon Roek#Retribusi liar"))
                .isEqualTo(new Intent.Complaint("Retribusi liar", "Siti", "Pasar Kebon Roek", true, true));
    }

    @Test
    void statusQueriesWithValidMistypedAndMissingTickets() {
        String ticket = Ticket.generate(new Random(7));
        assertThat(parser.parse("CEK " + ticket.toLowerCase())).isEqualTo(new Intent.StatusQuery(new Ticket.Parsed.Valid(ticket)));
        assertThat(parser.parse("status#" + ticket)).isEqualTo(new Intent.StatusQuery(new Ticket.Parsed.Valid(ticket)));
        String mistyped = ticket.substring(0, 3) + (ticket.charAt(3) == 'A' ? 'B' : 'A') + ticket.substring(4);
        assertThat(parser.parse("cek " + mistyped)).isInstanceOfSatisfying(Intent.StatusQuery.class,
                q -> assertThat(q.ticket()).isInstanceOf(Ticket.Parsed.Mistyped.class));
        assertThat(parser.parse("CEK")).isInstanceOfSatisfying(Intent.StatusQuery.class,
                q -> assertThat(q.ticket()).isInstanceOf(Ticket.Parsed.NotATicket.class));
    }

    @Test
    void helpAndEmpty() {
        assertThat(parser.parse("info")).isEqualTo(new Intent.Help());
        assertThat(parser.parse("BANTUAN ")).isEqualTo(new Intent.Help());
        assertThat(parser.parse("Info jalan rusak di Ampenan")).isInstanceOf(Intent.Complaint.class);
        assertThat(parser.parse("LAPOR")).isEqualTo(new Intent.Empty());
        assertThat(parser.parse(" \t ")).isEqualTo(new Intent.Empty());
        assertThat(parser.parse("LAPOR RAHASIA #")).isEqualTo(new Intent.Empty());
    }

    @Test
    void aNikStaysInTheContent() {
        assertThat(parser.parse("LAPOR NIK 5271012345678901 bantuan sosial tidak cair"))
                .isEqualTo(new Intent.Complaint("NIK 5271012345678901 bantuan sosial tidak cair", null, null, false, false));
    }
}

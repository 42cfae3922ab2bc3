package id.lapor.gateway.complaint;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TicketTest {

    @Test
    void generatedTicketsAreShortUnambiguousAndValid() {
        Random r = new Random(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String t = Ticket.generate(r);
            assertThat(t).hasSize(Ticket.LENGTH).hasSizeLessThanOrEqualTo(12).doesNotContainPattern("[ILOU]");
            assertThat(Ticket.parse(t)).isEqualTo(new Ticket.Parsed.Valid(t));
            seen.add(t);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void everySingleSubstitutionIsDetected() {
        Random r = new Random(11);
        for (int n = 0; n < 300; n++) {
            String t = Ticket.generate(r);
            for (int pos = 0; pos < t.length(); pos++) {
                for (char c : Ticket.ALPHABET.toCharArray()) {
                    if (c == t.charAt(pos)) continue;
                    String typo = t.substring(0, pos) + c + t.substring(pos + 1);
                    assertThat(Ticket.parse(typo)).as("%s -> %s", t, typo).isInstanceOf(Ticket.Parsed.Mistyped.class);
                }
            }
        }
    }

    @Test
    void everyAdjacentTranspositionIsDetected() {
        Random r = new Random(13);
        for (int n = 0; n < 3000; n++) {
            String t = Ticket.generate(r);
            for (int pos = 0; pos + 1 < t.length(); pos++) {
                if (t.charAt(pos) == t.charAt(pos + 1)) continue;
                String swapped = t.substring(0, pos) + t.charAt(pos + 1) + t.charAt(pos) + t.substring(pos + 2);
                assertThat(Ticket.parse(swapped)).as("%s -> %s", t, swapped).isInstanceOf(Ticket.Parsed.Mistyped.class);
            }
        }
    }

    @Test
    void readsWhatCitizensTypeCaseInsensitivelyWithSeparatorsAndLookAlikes() {
        String t = Ticket.generate(new Random(3));
        String typed = t.substring(0, 4).toLowerCase() + "-" + t.substring(4, 8) + " " + t.charAt(8);
        assertThat(Ticket.valid(typed)).contains(t);
        String withZero = "0" + t.substring(1);
        String body = withZero.substring(0, 8);
        String valid = body + Ticket.checkSymbol(body);
        assertThat(Ticket.valid("o" + valid.substring(1).toLowerCase())).contains(valid);
        String withOne = "1" + t.substring(1, 8);
        String validOne = withOne + Ticket.checkSymbol(withOne);
        assertThat(Ticket.valid("L" + validOne.substring(1))).contains(validOne);
        assertThat(Ticket.valid("i" + validOne.substring(1))).contains(validOne);
    }

    @Test
    void rejectsWhatIsNotATicket() {
        assertThat(Ticket.parse(null)).isInstanceOf(Ticket.Parsed.NotATicket.class);
        assertThat(Ticket.parse("")).isInstanceOf(Ticket.Parsed.NotATicket.class);
        assertThat(Ticket.parse("ABC")).isInstanceOf(Ticket.Parsed.NotATicket.class);
        assertThat(Ticket.parse("ABCDEFGHJK")).isInstanceOf(Ticket.Parsed.NotATicket.class);
        assertThat(Ticket.parse("ABCD#FGHJ")).isInstanceOf(Ticket.Parsed.NotATicket.class);
        assertThat(Ticket.parse("UUUUUUUUU")).isInstanceOf(Ticket.Parsed.NotATicket.class);
    }
}

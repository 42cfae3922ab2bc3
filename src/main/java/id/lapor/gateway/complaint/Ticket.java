package id.lapor.gateway.complaint;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The ticket a citizen types back over SMS: {@value #BODY_LENGTH} random symbols and one check
 * symbol, from Crockford's base-32 alphabet (no I, L, O, U). Parsing is case-insensitive, ignores
 * spaces and hyphens and reads O as 0 and I/L as 1, so what a citizen reads aloud or mistypes in
 * those ways still resolves. The check symbol is Damm's algorithm over the field GF(32): with
 * x∘y = 2x + y (field arithmetic, primitive polynomial x⁵+x²+1) the quasigroup is totally
 * anti-symmetric, so every single-symbol substitution and every adjacent transposition, the check
 * symbol included, is caught (TicketTest tries all of them).
 */
public final class Ticket {

    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int BODY_LENGTH = 8;
    public static final int LENGTH = BODY_LENGTH + 1;
    private static final int M = ALPHABET.length(); // 32: a symbol is 5 bits
    private static final RandomGenerator RANDOM = new SecureRandom();

    private Ticket() {}

    /** A new random ticket with its check symbol. */
    public static String generate() {
        return generate(RANDOM);
    }

    public static String generate(RandomGenerator random) {
        // one draw gives all 8 symbols (40 of its 64 bits): one call into the secure generator, not eight
        long bits = random.nextLong();
        StringBuilder body = new StringBuilder(LENGTH);
        for (int i = 0; i < BODY_LENGTH; i++) {
            body.append(ALPHABET.charAt((int) (bits >>> (5 * i)) & (M - 1)));
        }
        return body.append(checkSymbol(body)).toString();
    }

    /** The check symbol for a body of valid symbols: the c that brings the Damm interim to 0. */
    static char checkSymbol(CharSequence body) {
        return ALPHABET.charAt(times2(interim(body)));
    }

    private static int interim(CharSequence symbols) {
        int interim = 0;
        for (int i = 0; i < symbols.length(); i++) {
            int v = ALPHABET.indexOf(symbols.charAt(i));
            if (v < 0) throw new IllegalArgumentException("not a ticket symbol");
            interim = times2(interim) ^ v; // interim ∘ v in GF(32)
        }
        return interim;
    }

    /** Multiplication by the generator 2 in GF(32) modulo x⁵+x²+1. */
    private static int times2(int x) {
        x <<= 1;
        return (x & 0x20) != 0 ? (x ^ 0x25) : x;
    }

    /** Result of reading what someone typed. */
    public sealed interface Parsed {
        record Valid(String ticket) implements Parsed {}
        /** Has the shape of a ticket but the check symbol does not match: a typo. */
        record Mistyped(String canonical) implements Parsed {}
        record NotATicket() implements Parsed {}
    }

    public static Parsed parse(String typed) {
        if (typed == null) return new Parsed.NotATicket();
        StringBuilder sb = new StringBuilder(LENGTH);
        for (char ch : typed.trim().toUpperCase(Locale.ROOT).toCharArray()) {
            if (ch == '-' || ch == ' ') continue;
            char mapped = switch (ch) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> ch;
            };
            if (ALPHABET.indexOf(mapped) < 0) return new Parsed.NotATicket();
            sb.append(mapped);
        }
        if (sb.length() != LENGTH) return new Parsed.NotATicket();
        String canonical = sb.toString();
        return interim(canonical) == 0 ? new Parsed.Valid(canonical) : new Parsed.Mistyped(canonical);
    }

    public static Optional<String> valid(String typed) {
        return parse(typed) instanceof Parsed.Valid v ? Optional.of(v.ticket()) : Optional.empty();
    }
}

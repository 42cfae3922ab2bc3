package id.lapor.gateway.complaint;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The ticket a citizen types back over SMS: {@value #BODY_LENGTH} random symbols and one check
 * symbol, from Crockford's base-32 alphabet (no I, L, O, U). Parsing is case-insensitive, ignores
 * spaces and hyphens and reads O as 0 and I/L as 1, so what a citizen reads aloud or mistypes in
 * those ways still resolves. The check symbol follows ISO/IEC 7064's hybrid system over 32
 * symbols, which catches every single-symbol substitution and adjacent transposition
 * (see TicketTest, which tries all of them).
 */
public final class Ticket {

    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int BODY_LENGTH = 8;
    public static final int LENGTH = BODY_LENGTH + 1;
    private static final int M = ALPHABET.length();
    private static final RandomGenerator RANDOM = new SecureRandom();

    private Ticket() {}

    /** A new random ticket with its check symbol. */
    public static String generate() {
        return generate(RANDOM);
    }

    public static String generate(RandomGenerator random) {
        StringBuilder body = new StringBuilder(LENGTH);
        for (int i = 0; i < BODY_LENGTH; i++) {
            body.append(ALPHABET.charAt(random.nextInt(M)));
        }
        return body.append(checkSymbol(body)).toString();
    }

    /** The check symbol for a body of valid symbols. */
    static char checkSymbol(CharSequence body) {
        int p = M;
        for (int i = 0; i < body.length(); i++) {
            int v = ALPHABET.indexOf(body.charAt(i));
            if (v < 0) throw new IllegalArgumentException("not a ticket symbol");
            int s = (p + v) % M;
            if (s == 0) s = M;
            p = (2 * s) % (M + 1);
        }
        // choose c so that (p + c) mod M == 1
        int c = Math.floorMod(1 - p, M);
        return ALPHABET.charAt(c);
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
        String body = sb.substring(0, BODY_LENGTH);
        String canonical = sb.toString();
        return checkSymbol(body) == sb.charAt(BODY_LENGTH)
                ? new Parsed.Valid(canonical) : new Parsed.Mistyped(canonical);
    }

    public static Optional<String> valid(String typed) {
        return parse(typed) instanceof Parsed.Valid v ? Optional.of(v.ticket()) : Optional.empty();
    }
}

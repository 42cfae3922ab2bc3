package id.lapor.gateway.ops;

import id.lapor.gateway.intake.PhoneNumbers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No log line of the whole test suite holds a full phone number, e-mail address or NIK (#18).
 *
 * <p>Every test JVM logs through src/test/resources/logback-test.xml, which appends each line, as written by the
 * production {@link MaskingEncoder}, to {@code target/suite.log}. This is a failsafe IT so that it runs after the
 * whole surefire run ({@code mvn verify}: surefire in {@code test}, this in {@code integration-test}); bin/test runs
 * it again after the PostgreSQL run, whose lines are appended to the same file. A check inside surefire could not
 * know it runs last. The patterns here are written independently of {@link MaskingConverter}'s: Indonesian mobile
 * numbers in national or international form (0 8.., 62 8.., +62 8.., 10 to 14 digits in national form: the shortest
 * valid one is 08 and eight more digits), any address with two or more characters before the {@code @}, and any run
 * of exactly 16 digits that can be a NIK.
 */
class SuiteLogIT {

    static final Path SUITE_LOG = Path.of(System.getProperty("suite.log", "target/suite.log"));
    /**
     * Not after a letter, digit, mask or dot (the nanoseconds of a timestamp: {@code 20:22:19.089731615Z}). At least
     * eight digits after the 8, as in the shortest valid mobile number ({@code 0812345678}, libphonenumber's
     * {@code 8[1-35-9]\\d{7,10}}): nine digits starting 08 are no phone number, but random identifiers in the log
     * can be: a ticket (9 of 32 symbols, all digits and starting 08 about once in 3.6 million, and thousands are
     * logged per run), the 15 random upper-case hex digits Camel puts in front of every exchange id, a trace id.
     * The masker leaves them alone (it masks from eight digits after the 8 too), so with seven this scan failed
     * on them by chance.
     */
    static final Pattern PHONE = Pattern.compile("(?<![\\w*.])(?:\\+?62|0)8\\d{8,12}(?!\\d)");
    /** A top-level domain of letters: {@code java.base@17.0.15} in a thread dump is a module, not an address. */
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w.])");
    /** A NIK starts with its province code (11 to 94), never 0; not after a hyphen (Camel's exchange ids end in 16 digits). */
    static final Pattern NIK = Pattern.compile("(?<![\\d-])[1-9]\\d{15}(?!\\d)");
    /**
     * Random hex identifiers: trace and span ids (16 or 32 hex digits) and UUIDs, with at least one letter a-f so a
     * bare run of digits (a number or a NIK) is never taken for one. Removed before scanning: their digit runs are
     * not numbers, and a trace id that happens to start "08" and seven more digits before its first letter
     * ({@code [087092537af2…]}) read as a mobile number and failed a CI run.
     */
    static final Pattern HEX_ID = Pattern.compile(
            "\\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[0-9a-f]*[a-f])[0-9a-f]{16,})\\b");

    @Test
    void noLogLineOfTheSuiteHoldsAFullPhoneNumberEmailOrNik() throws IOException {
        assertThat(SUITE_LOG).as("the suite's log (run the surefire tests first: mvn verify)").exists();
        List<String> lines = Files.readAllLines(SUITE_LOG, StandardCharsets.UTF_8);
        assertThat(lines).as("lines in " + SUITE_LOG).hasSizeGreaterThan(10);
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            if (leaks(line)) {
                leaks.add(line.length() > 300 ? line.substring(0, 300) : line);
                if (leaks.size() >= 20) break;
            }
        }
        assertThat(leaks).as("log lines with a full phone number, e-mail or NIK").isEmpty();
    }

    /** Whether a log line holds a full phone number, e-mail address or NIK outside a random hex identifier. */
    static boolean leaks(String line) {
        String text = HEX_ID.matcher(line).replaceAll("<id>");
        return PHONE.matcher(text).find() || EMAIL.matcher(text).find() || NIK.matcher(text).find();
    }

    @Test
    void thePatternsCatchWhatTheyShouldAndSpareMaskedForms() {
        assertThat(PHONE.matcher("from 081234567890 today").find()).isTrue();
        assertThat(PHONE.matcher("from +6281234567890").find()).isTrue();
        // the shortest mobile number is caught; nine digits starting 08 are not a phone number but a ticket can be one
        assertThat(PhoneNumbers.toE164("0812345678")).hasValue("+62812345678");
        assertThat(leaks("from 0812345678 today")).isTrue();
        assertThat(leaks("SMS to +62812345678 sent")).isTrue();
        assertThat(PhoneNumbers.toE164("081234567")).isEmpty();
        assertThat(leaks("INFO  [lapor-forwarder-1] [] ticket 081234567 forwarded to LAPOR! #4200005 (attempt 1)")).isFalse();
        assertThat(leaks("Failed delivery for (MessageId: 081234567ABEE1D-0000000000000035 on ExchangeId: 081234567ABEE1D-0000000000000035)"))
                .isFalse();
        assertThat(leaks("[e499b7fc4a990dce8eec09a086624320]")).isFalse();
        // the trace id of the failed CI run, a span id and a UUID: hex identifiers, not numbers
        assertThat(leaks("INFO  [lapor-forwarder-1] [087092537af2d13c254ffe2618878ed2] ticket D34768GF5 forwarded")).isFalse();
        assertThat(leaks("span 0812345678a1b2c3 uuid 5271012345678901-aaaa")).isTrue(); // a NIK before a hyphen is still one
        assertThat(leaks("id 08123456-7890-4abc-8def-081234567890 done")).isFalse();
        // bare digits are never taken for an identifier, however long
        assertThat(leaks("from 081234567890 [087092537af2d13c254ffe2618878ed2]")).isTrue();
        assertThat(leaks("NIK 5271012345678901 trace 0123456789abcdef0123456789abcdef")).isTrue();
        assertThat(EMAIL.matcher("mail budi.santoso@gmail.com").find()).isTrue();
        assertThat(NIK.matcher("NIK 5271012345678901.").find()).isTrue();
        String masked = MaskingConverter.mask("from 081234567890 +6281234567890 budi.santoso@gmail.com NIK 5271012345678901");
        assertThat(PHONE.matcher(masked).find() || EMAIL.matcher(masked).find() || NIK.matcher(masked).find()).isFalse();
    }
}

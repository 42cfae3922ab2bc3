package id.lapor.gateway.intake;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "081234567890, +6281234567890",
            "6281234567890, +6281234567890",
            "+6281234567890, +6281234567890",
            "006281234567890, +6281234567890",
            "0812-3456-7890, +6281234567890",
            "(0812) 3456 7890, +6281234567890",
            "0812.3456.789, +628123456789",
            "08111234567, +628111234567",
            "0370 123456, +62370123456",
            "+60123456789, +60123456789",
            "0044 20 7946 0958, +442079460958"})
    void normalisesToE164(String raw, String e164) {
        assertThat(PhoneNumbers.toE164(raw)).contains(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TELKOMSEL", "1708", "12345", "0812", "08123456789012345", "+62 0812 345", "62-", "abc0812345678", "", " "})
    void refusesWhatIsNotAPhoneNumber(String raw) {
        assertThat(PhoneNumbers.toE164(raw)).isEmpty();
    }

    /** What libphonenumber adds: every country's plan, so a foreign citizen's valid number is kept in its own country. */
    @ParameterizedTest
    @CsvSource({
            "+60 12-345 6789, +60123456789",
            "0060 3-2161 2345, +60321612345",
            "+65 8123 4567, +6581234567",
            "0061 412 345 678, +61412345678",
            "+1 (650) 253-0000, +16502530000",
            "+31 6 12345678, +31612345678"})
    void keepsForeignNumbersInTheirOwnCountry(String raw, String e164) {
        assertThat(PhoneNumbers.toE164(raw)).contains(e164);
    }

    /** Numbers of the right shape that no numbering plan assigns, and numbers of another country's wrong length. */
    @ParameterizedTest
    @ValueSource(strings = {"+60 12 345", "+65 1234 5678", "+999 1234 5678", "+62 812 34", "0800-FLOWERS", "+6281234567890123",
            "0812 3456 7890 ext. 12", "++6281234567890", "62812+34567890", "00"})
    void refusesNumbersNoPlanAssigns(String raw) {
        assertThat(PhoneNumbers.toE164(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"+6281234567890, +6281******890", "+628123456, +6281**456"})
    void masksAllButEdges(String e164, String masked) {
        assertThat(PhoneNumbers.mask(e164)).isEqualTo(masked);
    }
}

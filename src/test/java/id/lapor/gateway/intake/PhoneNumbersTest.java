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

    @ParameterizedTest
    @CsvSource({"+6281234567890, +6281******890", "+628123456, +6281**456"})
    void masksAllButEdges(String e164, String masked) {
        assertThat(PhoneNumbers.mask(e164)).isEqualTo(masked);
    }
}

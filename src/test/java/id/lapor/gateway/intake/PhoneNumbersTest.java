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

    /**
     * SMSC sender addresses by their declared SMPP type of number (case 03 of #15): TON 1 digits are E.164 as they
     * stand, whatever the country; TON 2 is a number of the configured region; TON 0 is read as people write numbers,
     * and digits that only make sense as an international number are taken as one.
     */
    @ParameterizedTest
    @CsvSource({
            "60123456789, 1, ID, +60123456789",
            "6591234567, 1, ID, +6591234567",
            "442079460958, 1, ID, +442079460958",
            "6281234567890, 1, ID, +6281234567890",
            "+6281234567890, 1, ID, +6281234567890",
            "081234567890, 1, ID, +6281234567890",
            "081234567890, 2, ID, +6281234567890",
            "81234567890, 2, ID, +6281234567890",
            "0370123456, 2, ID, +62370123456",
            "0123456789, 2, MY, +60123456789",
            "081234567890, 0, ID, +6281234567890",
            "6281234567890, 0, ID, +6281234567890",
            "60123456789, 0, ID, +60123456789",
            "0123456789, 0, MY, +60123456789",
            "081234567890, 6, ID, +6281234567890"})
    void readsSmscSendersByTheirTypeOfNumber(String addr, int ton, String region, String e164) {
        assertThat(PhoneNumbers.fromSmpp(addr, ton, region)).contains(e164);
    }

    @ParameterizedTest
    @CsvSource({
            "12345, 1", "12345, 0", "1708, 2", "TELKOMSEL, 1", "TELKOMSEL, 5", "6512345678, 1", "0812, 0", "'', 1",
            "00, 1", "60 12 345, 0", "081234567890123, 2"})
    void refusesSmscSendersThatAreNoPhoneNumber(String addr, int ton) {
        assertThat(PhoneNumbers.fromSmpp(addr, ton, "ID")).isEmpty();
        assertThat(PhoneNumbers.fromSmpp(null, ton, "ID")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"+6281234567890, +6281******890", "+628123456, +6281**456"})
    void masksAllButEdges(String e164, String masked) {
        assertThat(PhoneNumbers.mask(e164)).isEqualTo(masked);
    }
}

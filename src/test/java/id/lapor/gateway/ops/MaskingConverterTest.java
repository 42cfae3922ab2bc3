package id.lapor.gateway.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingConverterTest {

    @Test
    void masksPhoneNumbersEmailsAndNik() {
        String line = "from 081234567890 and +6281298765432 and 6285711112222, NIK 3201234567890123, mail budi.santoso@gmail.com";
        String masked = MaskingConverter.mask(line);
        assertThat(masked).doesNotContain("081234567890", "6281298765432", "6285711112222", "3201234567890123", "budi.santoso");
        assertThat(masked).contains("0812*****890", "+62812*****432", "************0123", "b***@gmail.com");
    }

    @Test
    void leavesTicketsIdsAndCountsAlone() {
        String line = "ticket 7HQ2MKXPA forwarded to LAPOR! #4200001 (attempt 3) exchange 72055F9C3A45729-0000000000000002";
        assertThat(MaskingConverter.mask(line)).isEqualTo(line);
    }
}

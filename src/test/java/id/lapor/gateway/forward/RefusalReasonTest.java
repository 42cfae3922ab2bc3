package id.lapor.gateway.forward;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalReasonTest {

    @Test
    void laravelValidationNamesEachFieldWithItsFirstMessage() {
        String body = """
                {"message":"The given data was invalid.","errors":{
                  "content":["The content may not be greater than 4000 characters.","second message not shown"],
                  "category_id":"The selected category id is invalid."}}""";
        assertThat(RefusalReason.of(body)).isEqualTo("The given data was invalid. (content: The content may not be greater"
                + " than 4000 characters.; category_id: The selected category id is invalid.)");
    }

    @Test
    void theSimulatorsListOfFieldNames() {
        assertThat(RefusalReason.of("{\"message\":\"The given data was invalid.\",\"errors\":[\"title\",\"content (max 4000 characters)\"]}"))
                .isEqualTo("The given data was invalid. (title; content (max 4000 characters))");
    }

    @Test
    void problemDetailsPreferTheDetail() {
        assertThat(RefusalReason.of("{\"type\":\"about:blank\",\"title\":\"Unprocessable\",\"detail\":\"content kosong\",\"status\":422}"))
                .isEqualTo("content kosong");
        assertThat(RefusalReason.of("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409}")).isEqualTo("Conflict");
        assertThat(RefusalReason.of("{\"title\":\"Bad Request\",\"errors\":[{\"pointer\":\"/title\",\"detail\":\"wajib diisi\"}]}"))
                .isEqualTo("Bad Request (/title: wajib diisi)");
    }

    @Test
    void gatewayAndOauthShapes() {
        assertThat(RefusalReason.of("{\"error\":\"invalid_request\",\"error_description\":\"user_id unknown\"}"))
                .isEqualTo("user_id unknown");
        assertThat(RefusalReason.of("{\"error\":{\"code\":413,\"message\":\"Request Entity Too Large\"}}"))
                .isEqualTo("Request Entity Too Large");
        assertThat(RefusalReason.of("{\"error\":\"duplicate\"}")).isEqualTo("duplicate");
    }

    @Test
    void manyFieldsAreCountedAndAHugeReasonIsCut() {
        StringBuilder b = new StringBuilder("{\"errors\":{");
        for (int i = 0; i < 8; i++) b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":[\"bad\"]");
        String many = RefusalReason.of(b.append("}}").toString());
        assertThat(many).isEqualTo("f0: bad; f1: bad; f2: bad; f3: bad; f4: bad; +3 more");

        String huge = RefusalReason.of("{\"message\":\"" + "x".repeat(5000) + "\"}");
        assertThat(huge).hasSize(RefusalReason.MAX_CHARS + 1).endsWith("…");
    }

    @Test
    void controlCharactersAndLineBreaksBecomeOneLine() {
        assertThat(RefusalReason.of("{\"message\":\"isi\\u0000 tidak\\nvalid\\u0007\",\"errors\":{}}")).isEqualTo("isi tidak valid");
    }

    @Test
    void aNullMessageNamesTheFieldAloneAndBidiControlsGo() {
        assertThat(RefusalReason.of("{\"message\":\"invalid\",\"errors\":{\"title\":null,\"content\":[null]}}"))
                .isEqualTo("invalid (title; content)");
        // U+202E would make "kosong.txt" read backwards on the admin's page
        assertThat(RefusalReason.of("{\"detail\":\"isi \\u202Etxt.gnosok\\u202C salah\"}")).isEqualTo("isi txt.gnosok salah");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "<html><body>Maintenance</body></html>", "Bad Request", "[1,2]", "{}",
            "{\"code\":42}", "{\"message\":\"   \"}", "{\"message\":\"cut at the kept len"})
    void aBodyThatSaysNothingReadableGivesNull(String body) {
        assertThat(RefusalReason.of(body)).isNull();
    }
}

package id.lapor.gateway.console;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.util.List;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * MockMvc over the shared gateway context of {@code @GatewayIntegrationTest} (built by hand, not with
 * {@code @AutoConfigureMockMvc}, so the console tests reuse that one context instead of starting another).
 */
final class ConsoleMvc {

    private ConsoleMvc() {}

    static MockMvc of(WebApplicationContext ctx) {
        return MockMvcBuilders.webAppContextSetup(ctx).apply(springSecurity()).build();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Flags a social-media post with {@code text} through {@code POST /api/social/reports} (a fresh post
     * URL and handle each time), with a 1×1 PNG screenshot when {@code screenshot} is given; returns the ticket.
     */
    static String report(MockMvc mvc, String text, byte[] screenshot) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode b = JSON.createObjectNode().put("platform", "x")
                .put("post_url", "https://x.com/warga/status/" + System.nanoTime())
                .put("author_handle", "@warga" + System.nanoTime() % 100000).put("text", text).put("location", "Mataram");
        if (screenshot != null) {
            b.put("screenshot_filename", "bukti.png").put("screenshot_base64", java.util.Base64.getEncoder().encodeToString(screenshot));
        }
        var r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/social/reports")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic("admin", "admin-test"))
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(JSON.writeValueAsBytes(b)))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated()).andReturn();
        return JSON.readTree(r.getResponse().getContentAsString()).path("ticket").asText();
    }

    /** Citizen-supplied text that must come back as text, never as markup. */
    static final List<String> XSS = List.of(
            "<script>alert('x')</script>",
            "\"><img src=x onerror=alert(1)>",
            "'; DROP TABLE complaint; --",
            "ab\u0007c\u001b[31mmerah\u0000");
}

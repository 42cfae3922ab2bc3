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

    /** Citizen-supplied text that must come back as text, never as markup. */
    static final List<String> XSS = List.of(
            "<script>alert('x')</script>",
            "\"><img src=x onerror=alert(1)>",
            "'; DROP TABLE complaint; --",
            "ab\u0007c\u001b[31mmerah\u0000");
}

package id.lapor.gateway.ops;

import id.lapor.gateway.support.GatewayIntegrationTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document: behind the API's HTTP Basic (not the console's form login), valid OpenAPI 3 by
 * swagger-parser, listing exactly the {@code /api/**} mappings of the controllers, each with its problem+json errors;
 * Swagger UI is served to ops. Runs in the shared integration context.
 */
@GatewayIntegrationTest
class ApiDocsTest {

    @Autowired TestRestTemplate http;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    private ResponseEntity<String> get(String path, String user, String password) {
        HttpHeaders h = new HttpHeaders();
        if (user != null) h.setBasicAuth(user, password);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(h), String.class);
    }

    @Test
    void documentIsBehindHttpBasicAndSwaggerUiIsServedToOps() {
        ResponseEntity<String> anonymous = get("/v3/api-docs", null, null);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(get("/v3/api-docs", "clerk", "clerk-test").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/swagger-ui/index.html", null, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> ui = get("/swagger-ui/index.html", "ops", "ops-test");
        assertThat(ui.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ui.getBody()).contains("Swagger UI");
    }

    @Test
    void documentIsValidAndMatchesTheControllers() {
        ResponseEntity<String> r = get("/v3/api-docs", "ops", "ops-test");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.getBody());
        assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            documented.add(method.name() + " " + path);
            assertThat(op.getResponses().keySet()).as(method + " " + path).contains("401", "403", "406", "500", "503");
            op.getResponses().forEach((code, resp) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    assertThat(resp.getContent()).as(method + " " + path + " " + code).containsKey(ApiDocs.PROBLEM);
                    assertThat(resp.getDescription()).isNotBlank();
                }
            });
            if (path.contains("{")) assertThat(op.getResponses()).as(method + " " + path).containsKey("404");
        }));

        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/")) continue;
                for (RequestMethod m : info.getMethodsCondition().getMethods()) mapped.add(m.name() + " " + path);
            }
        }
        assertThat(mapped).isNotEmpty().contains("GET /api/complaints/{ticket}", "POST /api/letters");
        assertThat(documented).isEqualTo(mapped);
        Operation letters = api.getPaths().get("/api/letters").getPost();
        assertThat(letters.getResponses()).containsKeys("400", "406", "413", "415");
        Operation forward = api.getPaths().get("/api/complaints/{ticket}/forward").getPost();
        assertThat(forward.getResponses()).containsKey("409");
        // a re-drive also re-sends a complaint LAPOR! no longer knows, with a new Idempotency-Key
        assertThat(forward.getSummary()).contains("re-send one LAPOR! no longer knows as a new report");
        assertThat(forward.getDescription()).contains("answered 404").contains("<ticket>-r<n>").contains("409 Not parked");
        assertThat(documented.stream().map(s -> s.toLowerCase(Locale.ROOT))).noneMatch(s -> s.contains("webhook"));
    }
}

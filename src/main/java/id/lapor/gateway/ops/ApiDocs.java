package id.lapor.gateway.ops;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST API's OpenAPI 3 document (springdoc: {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}),
 * behind the API's HTTP Basic chain (role OPS). Only {@code /api/**}: the chat platforms' webhooks answer their
 * platform's own formats, not problem+json, and the console is HTML.
 *
 * <p>Every operation gets the application/problem+json (RFC 9457) errors it can answer, from the API's shared
 * handling ({@code web.ApiExceptionHandler}, {@code config.SecurityConfiguration}): 401 and 403 always, 400 for a
 * request with parameters or a body, 404 for a path naming a ticket or item, 409 for re-drive and replay
 * (wrong state), 406 always (an Accept header naming no type the operation answers), 413 and 415 for uploads,
 * 500 and 503 (store unavailable, retry) always.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

    static final String PROBLEM = "application/problem+json";

    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            api.info(new Info().title("SP4N-LAPOR! gateway API").version("1")
                    .description("Complaints, quarantine, letter uploads and flagged social-media posts. HTTP Basic; "
                            + "errors are application/problem+json (RFC 9457)."));
            if (api.getComponents() == null) api.components(new Components());
            api.getComponents().addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"));
            api.getComponents().addSchemas("Problem", problemSchema());
            api.addSecurityItem(new SecurityRequirement().addList("basic"));
            if (api.getPaths() == null) return;
            api.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, op) -> describeErrors(path, method, op)));
        };
    }

    static void describeErrors(String path, PathItem.HttpMethod method, Operation op) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean hasInput = method == PathItem.HttpMethod.POST || (op.getParameters() != null && !op.getParameters().isEmpty());
        if (hasInput) errors.put("400", "Bad request: a parameter, part or body is missing or invalid (or the input was quarantined, with quarantine_id)");
        errors.put("401", "Authentication required: send HTTP Basic credentials of a gateway user");
        errors.put("403", "Forbidden: your role may not do this");
        if (path.contains("{")) errors.put("404", "Unknown ticket or quarantine item");
        if (path.endsWith("/forward") || path.endsWith("/replay")) errors.put("409", "Conflict: the complaint or item is not in a state this applies to");
        if (path.endsWith("/raw")) errors.put("410", "Raw bytes missing from the blob store");
        // 406 and 415 are answered (problem+json, web.ApiExceptionHandler / Spring's own) but were not documented
        errors.put("406", "Not acceptable: the Accept header names no type this operation answers (errors are application/problem+json)");
        if (path.startsWith("/api/letters")) errors.put("413", "Upload too large; nothing was stored");
        if (path.startsWith("/api/letters")) errors.put("415", "Unsupported media type: send multipart/form-data");
        errors.put("500", "Intake failed inside the gateway; nothing was stored, try again");
        errors.put("503", "Store unavailable; nothing was stored, try again later");
        if (op.getResponses() == null) op.setResponses(new ApiResponses());
        errors.forEach((code, text) -> {
            ApiResponse r = op.getResponses().get(code);
            if (r == null) {
                r = new ApiResponse().description(text);
                op.getResponses().addApiResponse(code, r);
            }
            Content content = r.getContent() == null ? new Content() : r.getContent();
            content.remove("*/*");
            content.addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
            r.setContent(content);
        });
    }

    @SuppressWarnings("rawtypes")
    static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Unknown ticket"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema());
    }
}

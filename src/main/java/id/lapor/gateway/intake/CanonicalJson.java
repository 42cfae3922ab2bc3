package id.lapor.gateway.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import id.lapor.gateway.complaint.Complaint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Canonical JSON v1: snake_case, ISO-8601 instants, every field present (null when unknown), and
 * validation against {@code schema/complaint-v1.schema.json}.
 */
public final class CanonicalJson {

    public static final String SCHEMA_RESOURCE = "/schema/complaint-v1.schema.json";

    private final ObjectMapper mapper = mapper();
    private final JsonSchema schema;

    public CanonicalJson() {
        try (InputStream in = CanonicalJson.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ObjectMapper objectMapper() {
        return mapper;
    }

    public JsonNode toTree(Complaint c) {
        return mapper.valueToTree(c);
    }

    public String write(Complaint c) {
        try {
            return mapper.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise complaint", e);
        }
    }

    public Complaint read(String json) {
        try {
            return mapper.readValue(json, Complaint.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored canonical JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /** Schema violations, each as "path: message"; empty when valid. */
    public List<String> violations(Complaint c) {
        Set<ValidationMessage> messages = schema.validate(toTree(c));
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}

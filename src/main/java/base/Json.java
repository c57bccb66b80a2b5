package base;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON configuration of the daemon: every file and response is written with it. */
public final class Json {
    /**
     * Parse errors become client-facing messages ("invalid JSON (Unrecognized token '...')"):
     * Jackson quotes at most as much of the offending token or source as {@link Excerpt} allows.
     */
    private static final ErrorReportConfiguration ERRORS = ErrorReportConfiguration.builder()
            .maxErrorTokenLength(Excerpt.MAX_CHARS).maxRawContentLength(Excerpt.MAX_CHARS).build();
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().errorReportConfiguration(ERRORS).build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // result records name their components in camelCase; files and answers use the seed's snake_case
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** One line of compact JSON; values the daemon builds itself always serialize. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }
}

package base;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** What an API call answers: status, content type, body bytes and any extra headers. */
public record ApiReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";

    /** The success envelope: {"ok":true, ...fields}. */
    public static ApiReply ok(Map<String, ?> fields) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("ok", true);
        envelope.putAll(fields);
        return new ApiReply(200, JSON, Json.bytes(envelope), Map.of());
    }

    /** The success envelope around a result record: {"ok":true, ...its components}. */
    public static ApiReply okWith(Object fields) {
        return new ApiReply(200, JSON, Json.bytes(new Envelope(true, fields)), Map.of());
    }

    /** A refusal that still carries a result: {"ok":false,"error":message, ...its components}. */
    public static ApiReply errorWith(int status, String message, Object fields) {
        return new ApiReply(status, JSON, Json.bytes(new Refusal(false, message, fields)), Map.of());
    }

    private record Envelope(boolean ok, @JsonUnwrapped Object fields) {
    }

    private record Refusal(boolean ok, String error, @JsonUnwrapped Object fields) {
    }

    /** {"ok":true,"data":data}, the seed's shape for status endpoints. */
    public static ApiReply data(Object data) {
        return okWith(new Data(data));
    }

    /** The error envelope: {"ok":false,"error":message}. */
    public static ApiReply error(int status, String message) {
        return new ApiReply(status, JSON, Json.bytes(new Failure(false, message)), Map.of());
    }

    private record Data(Object data) {
    }

    private record Failure(boolean ok, String error) {
    }

    public ApiReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiReply(status, contentType, body, Map.copyOf(h));
    }
}

package incidents;

import java.time.Instant;
import java.util.Map;

import base.ApiProblem;

/** One raised incident, validated: what the HTTP API and direct:incident-raise both accept. */
public record Incident(Instant ts, Severity severity, String source, String msg, String fingerprint) {
    public static final int MAX_MSG = 4000;
    public static final int MAX_SOURCE = 200;
    public static final String DEFAULT_SOURCE = "api";
    /** PagerDuty's limit for a dedup_key. */
    public static final int MAX_DEDUP_KEY = 255;

    /**
     * Validates {"severity","msg","source"} and the optional "dedup_key" (the incident's identity
     * instead of severity, source and msg: see {@link Fingerprint#ofKey}); every problem is a 400
     * that says what to send instead.
     */
    public static Incident from(Map<?, ?> fields, Instant now) {
        if (fields == null) {
            throw ApiProblem.badRequest("send a JSON object like {\"severity\":\"CRITICAL\",\"msg\":\"Database connection lost\",\"source\":\"healthcheck\"}");
        }
        Severity severity = Severity.parse(requiredText(fields, "severity"));
        String msg = requiredText(fields, "msg");
        int length = msg.codePointCount(0, msg.length());
        if (length > MAX_MSG) {
            throw ApiProblem.badRequest("msg is " + length + " characters; send at most " + MAX_MSG);
        }
        if (msg.isBlank()) {
            throw ApiProblem.badRequest("msg is blank; say what happened");
        }
        String source = optionalText(fields, "source");
        if (source == null || source.isBlank()) {
            source = DEFAULT_SOURCE;
        } else if (source.codePointCount(0, source.length()) > MAX_SOURCE) {
            throw ApiProblem.badRequest("source is longer than " + MAX_SOURCE + " characters; name the sender briefly");
        }
        String dedupKey = optionalText(fields, "dedup_key");
        if (dedupKey != null && (dedupKey.isBlank() || dedupKey.length() > MAX_DEDUP_KEY)) {
            throw ApiProblem.badRequest("dedup_key must be 1 to " + MAX_DEDUP_KEY + " characters");
        }
        return new Incident(now, severity, source, msg,
                dedupKey == null ? Fingerprint.of(severity, source, msg) : Fingerprint.ofKey(dedupKey));
    }

    private static String requiredText(Map<?, ?> fields, String name) {
        String v = optionalText(fields, name);
        if (v == null) {
            throw ApiProblem.badRequest("missing \"" + name + "\"; send {\"severity\":\"CRITICAL|ERROR|WARNING|INFO\",\"msg\":\"...\",\"source\":\"...\"}");
        }
        return v;
    }

    private static String optionalText(Map<?, ?> fields, String name) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiProblem.badRequest("\"" + name + "\" must be a string, not " + kind(v));
        }
        return s;
    }

    private static String kind(Object v) {
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof java.util.Collection) {
            return "an array";
        }
        return v.getClass().getSimpleName();
    }
}

package requests;

import java.io.IOException;

import base.Excerpt;
import base.Json;
import base.Timestamps;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Parses and validates one request event line:
 * {"ts":"2025-10-20T17:59:58.120Z","route":"/api/chat","status":200,"latency_ms":742.3}.
 * A request failed when status >= 500, or "ok" is false, or "error" is present and not null.
 * Returns null when the line is a valid event, else the reason it is not. The common flat shape
 * is read by {@link FlatEventScanner}; Jackson reads the rest and words every error. Not thread-safe:
 * one parser per thread (it reuses its scanner).
 */
public final class RequestEventParser {
    /** Reused line after line, so a parser belongs to one thread at a time. */
    private final FlatEventScanner scanner = new FlatEventScanner();

    public String parse(byte[] b, int off, int len, RequestEvent out) {
        return scanner.scan(b, off, len, out) ? null : parseWithJackson(b, off, len, out);
    }

    /** The reference reading of a line; also what the scanner falls back to. */
    String parseWithJackson(byte[] b, int off, int len, RequestEvent out) {
        out.reset();
        try (JsonParser p = Json.FACTORY.createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            String problem = fields(p, out);
            if (problem != null) {
                return problem;
            }
            if (p.nextToken() != null) {
                return "unexpected content after the object";
            }
        } catch (IOException e) {
            return "invalid JSON (" + firstLine(e.getMessage()) + ")";
        }
        if (out.epochMillis < 0) {
            return "missing \"ts\" (ISO-8601 with zone, epoch seconds or epoch milliseconds)";
        }
        if (out.latencyMs < 0) {
            return "missing \"latency_ms\" (a number of milliseconds, 0 or more)";
        }
        return null;
    }

    private static String fields(JsonParser p, RequestEvent out) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            String problem = switch (name) {
                case "ts" -> ts(p, v, out);
                case "latency_ms" -> latency(p, v, out);
                case "status" -> status(p, v, out);
                case "ok" -> ok(v, out);
                case "error" -> {
                    out.failed |= v != JsonToken.VALUE_NULL;
                    p.skipChildren();
                    yield null;
                }
                default -> {
                    p.skipChildren();
                    yield null;
                }
            };
            if (problem != null) {
                return problem;
            }
        }
        return t == JsonToken.END_OBJECT ? null : "invalid JSON object";
    }

    private static String ts(JsonParser p, JsonToken v, RequestEvent out) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            out.epochMillis = Timestamps.fromIso(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            out.epochMillis = Timestamps.fromNumber(p.getDoubleValue());
        } else {
            return "\"ts\" must be an ISO-8601 string or an epoch number";
        }
        return out.epochMillis < 0 ? "\"ts\" is not a timestamp: " + Excerpt.of(p.getText()) : null;
    }

    private static String latency(JsonParser p, JsonToken v, RequestEvent out) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            return "\"latency_ms\" must be a number";
        }
        double ms = p.getDoubleValue();
        if (!Double.isFinite(ms) || ms < 0) {
            return "\"latency_ms\" must be 0 or more";
        }
        out.latencyMs = ms;
        return null;
    }

    private static String status(JsonParser p, JsonToken v, RequestEvent out) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            return "\"status\" must be a whole number";
        }
        int status = p.getIntValue();
        if (status < 100 || status > 599) {
            return "\"status\" must be an HTTP status from 100 to 599";
        }
        out.failed |= status >= 500;
        return null;
    }

    private static String ok(JsonToken v, RequestEvent out) {
        if (v == JsonToken.VALUE_FALSE) {
            out.failed = true;
        } else if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_NULL) {
            return "\"ok\" must be true or false";
        }
        return null;
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }
}

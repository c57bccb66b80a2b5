package base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ingest endpoints' one way of taking events: a body of NDJSON (one event per line) or a JSON
 * array, each event checked by the capability's validator, the valid ones appended in one write to
 * its input file, the rest reported with their line (NDJSON) or item (array) number:
 * {"ok":true,"accepted":N,"rejected":M,"errors":[{"line":3,"error":"..."}]} (at most 10 errors).
 * An append that fails leaves nothing in the file and answers 507 (full disk) or 503 saying that
 * nothing was recorded, so no follower counts an event the client was told failed. The appended
 * lines are then folded into the shared aggregates in the state database before the answer (the
 * capability's fold reads on from its position, so concurrent posts share one transaction and every
 * line counts once), so that every replica answers with them.
 */
public final class EventIntake {
    private static final int MAX_ERRORS = 10;

    /** Says why one event line is not valid, or null when it is. */
    @FunctionalInterface
    public interface Validator {
        String problem(byte[] line);
    }

    private final NdjsonAppender appender;

    public EventIntake(NdjsonAppender appender) {
        this.appender = appender;
    }

    /**
     * @param example an event to show the client when the body holds none
     * @param fold    folds what the input file gained into the state database, committed when it returns
     */
    public ApiReply ingest(byte[] body, Validator validator, Path input, String example, Runnable fold) {
        List<String> lines = lines(body);
        List<String> good = new ArrayList<>(lines.size());
        List<Rejected> errors = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null) {
                continue;
            }
            String problem = validator.problem(line.getBytes(StandardCharsets.UTF_8));
            if (problem == null) {
                good.add(line);
            } else if (++rejected <= MAX_ERRORS) {
                errors.add(new Rejected(i + 1, problem));
            }
        }
        if (good.isEmpty() && rejected == 0) {
            throw ApiProblem.badRequest("no events in the body; send NDJSON (one event per line) or a JSON array of events like "
                    + example);
        }
        try {
            appender.appendLines(input, good);
        } catch (DiskProblem p) {
            // the append is this request's only effect and it left nothing (507 on a full disk)
            throw p.withNothingRecorded();
        }
        try {
            fold.run();
        } catch (RuntimeException e) {
            throw new ApiProblem(503, good.size() + " event(s) were written to " + input.getFileName()
                    + " but could not be counted in the state database yet (" + e.getMessage() + "); they are counted by the"
                    + " next run or post once the database is back: do not send them again");
        }
        return ApiReply.okWith(new Ingested(good.size(), rejected, errors));
    }

    /** The answer to a post of events; errors lists the first MAX_ERRORS rejected lines. */
    private record Ingested(int accepted, int rejected, List<Rejected> errors) {
    }

    /** A rejected event: its 1-based position in the body and why. */
    private record Rejected(int line, String error) {
    }

    /** One compact JSON line per event, in the order sent; a blank NDJSON line stays as null to keep numbers true. */
    static List<String> lines(byte[] body) {
        return body.length > 0 && firstNonBlank(body) == '[' ? arrayItems(body) : ndjsonLines(body);
    }

    private static List<String> ndjsonLines(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.strip();
            lines.add(line.isEmpty() ? null : line);
        }
        return lines;
    }

    private static List<String> arrayItems(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body starts like a JSON array but is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        List<String> items = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            items.add(Json.line(item));
        }
        return items;
    }

    private static byte firstNonBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return 0;
    }
}

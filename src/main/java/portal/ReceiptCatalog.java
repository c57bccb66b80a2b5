package portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import base.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipts of $DATA_DIR/receipts.ndjson, by email and by id. Each call stats the file (a
 * cheap metadata read) and re-reads it only when its modification time, size or identity
 * changed; a line that cannot be used is skipped and reported in the log, never fatal.
 */
public final class ReceiptCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptCatalog.class);
    private static final int REPORTED_LINES = 20;
    /** Newest first: by date (ISO dates sort as text), then the later line first. */
    private static final Comparator<Receipt> NEWEST_FIRST = Comparator
            .comparing((Receipt r) -> r.date() == null ? "" : r.date()).reversed()
            .thenComparing(Comparator.comparingInt(Receipt::line).reversed());

    /** What identifies one version of the file; null fields: the file does not exist. */
    private record Version(Object fileKey, long modified, long size) {
        static final Version ABSENT = new Version(null, -1, -1);
    }

    private record Snapshot(Version version, Map<String, List<Receipt>> byEmail, Map<String, Receipt> byId, int skipped) {
    }

    private final Path file;
    private Snapshot snapshot = new Snapshot(null, Map.of(), Map.of(), 0);

    public ReceiptCatalog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** This customer's receipts, newest first; the email is compared trimmed and lower-cased. */
    public List<Receipt> forEmail(String email) {
        return current().byEmail().getOrDefault(Receipt.normalEmail(email), List.of());
    }

    public Optional<Receipt> byId(String id) {
        return Optional.ofNullable(current().byId().get(id));
    }

    /** Lines skipped at the last read. */
    public int skippedLines() {
        return current().skipped();
    }

    private synchronized Snapshot current() {
        Version now = version();
        if (!now.equals(snapshot.version())) {
            snapshot = read(now);
        }
        return snapshot;
    }

    private Version version() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            return Version.ABSENT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Snapshot read(Version version) {
        if (version.equals(Version.ABSENT)) {
            LOG.info("no receipts file at {}; the portal lists no receipts until one is written", file);
            return new Snapshot(version, Map.of(), Map.of(), 0);
        }
        String[] lines;
        try {
            // a small, hand-edited file: read whole (a last line without a newline counts too)
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Receipt> byId = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                Receipt r = Receipt.parse(Json.MAPPER.readTree(lines[i]), i + 1);
                Receipt earlier = byId.put(r.id(), r);
                if (earlier != null) {
                    LOG.warn("{}: receipt {} on line {} repeats line {}; the later line is used", file, r.id(), i + 1, earlier.line());
                }
            } catch (IOException | IllegalArgumentException e) {
                skipped.add("line " + (i + 1) + ": " + (e instanceof IOException ? "not valid JSON" : e.getMessage()));
            }
        }
        report(skipped);
        Map<String, List<Receipt>> byEmail = new HashMap<>();
        byId.values().forEach(r -> byEmail.computeIfAbsent(r.email(), k -> new ArrayList<>()).add(r));
        byEmail.replaceAll((k, list) -> list.stream().sorted(NEWEST_FIRST).toList());
        LOG.info("read {} receipt(s) from {}", byId.size(), file);
        return new Snapshot(version, Map.copyOf(byEmail), Map.copyOf(byId), skipped.size());
    }

    private void report(List<String> skipped) {
        skipped.stream().limit(REPORTED_LINES).forEach(p -> LOG.warn("{}: skipped {}", file, p));
        if (skipped.size() > REPORTED_LINES) {
            LOG.warn("{}: skipped {} more line(s)", file, skipped.size() - REPORTED_LINES);
        }
    }
}

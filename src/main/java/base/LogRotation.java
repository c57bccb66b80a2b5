package base;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * How NDJSON files are kept bounded: a file that would grow past {@code maxBytes} is renamed to
 * file.1 (file.1 to file.2, and so on, as logrotate numbers them) and a new one started; files past
 * file.{@code keep} are deleted. Input files the daemon follows are rotated only once every line of
 * them has been folded, and not at all when {@code rotateInputs} is false (another process keeps them open).
 */
public record LogRotation(long maxBytes, int keep, boolean rotateInputs) {
    /** No rotation: files grow as before (tests and benchmarks that build the appender directly). */
    public static final LogRotation NONE = new LogRotation(Long.MAX_VALUE, 1, false);

    public static final String MAX_MB = "LOGS_MAX_MB";
    public static final String KEEP = "LOGS_KEEP";
    public static final String ROTATE_INPUTS = "LOGS_ROTATE_INPUTS";
    private static final BigDecimal MIB = BigDecimal.valueOf(1 << 20);
    /** Below a kilobyte a single event batch would rotate every append; fractions of a MB above it let tests rotate quickly. */
    private static final long MIN_BYTES = 1024;

    public LogRotation {
        if (maxBytes < MIN_BYTES || keep < 1) {
            throw new IllegalArgumentException("rotation needs at least " + MIN_BYTES + " bytes a file and one kept file");
        }
    }

    public static LogRotation from(Settings s) {
        BigDecimal mb = s.positiveDecimal(MAX_MB);
        long bytes;
        try {
            bytes = mb.multiply(MIB).longValueExact();
        } catch (ArithmeticException e) {
            bytes = mb.multiply(MIB).longValue(); // a fraction of a byte does not matter
        }
        if (bytes < MIN_BYTES || mb.compareTo(BigDecimal.valueOf(1L << 30)) > 0) {
            throw new ConfigException(MAX_MB, "'" + mb.toPlainString() + "' is out of range; use megabytes from 0.001 (1 KiB)"
                    + " to 1073741824, fractions allowed (e.g. 100 or 0.5)");
        }
        // keep >= 1: the follower's saved position names the file it read by identity, which must stay alive
        // (as file.1) until the follower has moved on, or a new file could reuse its identity
        return new LogRotation(bytes, s.integer(KEEP, 1, 1000), s.bool(ROTATE_INPUTS));
    }

    /** True when an append of {@code adding} bytes to a file of {@code size} bytes should go to a new file. */
    boolean due(long size, long adding) {
        return size > 0 && size + adding > maxBytes;
    }

    /** The name of the n-th older file: requests.ndjson.1, requests.ndjson.2, ... */
    public static Path older(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}

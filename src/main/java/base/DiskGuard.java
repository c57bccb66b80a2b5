package base;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the daemon can record anything now: no NDJSON append is failing and LOGS_DIR and
 * DATA_DIR each have at least {@link #RESERVE_BYTES} free. Cheap enough to ask before every
 * action that must not happen unless it is also recorded (an incident raise pages people, then
 * appends to logs/incidents.ndjson): a map lookup and one statvfs per folder; only while an append
 * is failing does it write a probe (at most once a second per folder) to notice the disk recovered.
 * The health checks of LOGS_DIR and DATA_DIR add a real 4 KiB write to this.
 */
public final class DiskGuard {
    /** Room kept for one record: a raise is at most 4,000 characters of message plus its fields. */
    public static final long RESERVE_BYTES = 64 << 10;
    public static final String LOGS_DIR = "LOGS_DIR";
    public static final String DATA_DIR = "DATA_DIR";

    private final NamedFolders folders;
    private final NdjsonAppender appender;
    private final WriteProbe probe = new WriteProbe();

    /** @param folders LOGS_DIR and DATA_DIR by name */
    public DiskGuard(NamedFolders folders, NdjsonAppender appender) {
        this.folders = folders;
        this.appender = appender;
    }

    /** True when a record can be written now. */
    public boolean canWrite() {
        return problem().isEmpty();
    }

    /**
     * Throws the 507 the API answers ({"ok":false,"error":"the disk under LOGS_DIR is full (...); free space,
     * nothing was recorded"}) when a record cannot be written now; call it before acting.
     */
    public void requireWritable() {
        Optional<DiskProblem> p = problem();
        if (p.isPresent()) {
            throw p.get().withNothingRecorded();
        }
    }

    /** Why a record cannot be written now, or empty. */
    public Optional<DiskProblem> problem() {
        Optional<DiskProblem> appends = failingAppend();
        if (appends.isPresent()) {
            return appends;
        }
        for (String name : folders.all().keySet()) {
            Optional<DiskProblem> low = lowSpace(name);
            if (low.isPresent()) {
                return low;
            }
        }
        return Optional.empty();
    }

    /**
     * The health of one folder: a real write into it, its free space, and for LOGS_DIR whether an
     * NDJSON append is failing (wherever the file lies: LOGS_DIR holds most of them).
     */
    Optional<String> health(String name, String label) {
        Path folder = folders.all().get(name);
        Optional<String> p = probe.problem(folder, name, label);
        if (p.isEmpty()) {
            p = lowSpace(name).map(DiskProblem::condition);
        }
        if (p.isEmpty() && LOGS_DIR.equals(name)) {
            p = failingAppend().map(DiskProblem::condition);
        }
        return p;
    }

    /** The last append that failed, unless its folder takes a write again (then it is forgotten). */
    private Optional<DiskProblem> failingAppend() {
        for (Map.Entry<Path, DiskProblem> f : appender.failures().entrySet()) {
            Path file = f.getKey();
            String name = folders.describe(file);
            if (probe.problem(file.getParent(), name, "folder").isEmpty() && lowSpace(file).isEmpty()) {
                appender.forgetFailure(file, f.getValue());
            } else {
                return Optional.of(f.getValue());
            }
        }
        return Optional.empty();
    }

    private Optional<DiskProblem> lowSpace(String name) {
        return lowSpace(folders.all().get(name).resolve("probe"));
    }

    private Optional<DiskProblem> lowSpace(Path file) {
        File folder = DiskProblem.existingFolder(file);
        if (folder == null) {
            return Optional.empty(); // nothing exists to measure; the probe says why
        }
        long free = folder.getUsableSpace();
        return free < RESERVE_BYTES
                ? Optional.of(DiskProblem.full(folders.describe(file), free + " bytes free, less than the "
                        + (RESERVE_BYTES >> 10) + " KiB kept for a record"))
                : Optional.empty();
    }
}

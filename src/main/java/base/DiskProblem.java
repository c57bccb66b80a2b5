package base;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A write to disk that did not happen, answered by the API door like any {@link ApiProblem}:
 * 507 when the disk is full (the operator must free space), 503 when the folder cannot be written
 * for another reason (a read-only mount, a permission, a file where a folder should be).
 * The message says where, why, and that the request left nothing behind.
 */
public final class DiskProblem extends ApiProblem {
    public static final int FULL = 507;
    public static final int UNWRITABLE = 503;
    static final String NOTHING_RECORDED = "nothing was recorded";
    private final String condition;

    private DiskProblem(int status, String condition, String outcome, Throwable cause) {
        super(status, condition + ", " + outcome, cause);
        this.condition = condition;
    }

    /**
     * @param where   the setting whose disk it is (LOGS_DIR) or a folder, from {@link NamedFolders}
     * @param what    what was being written, e.g. "appending 812 bytes to requests.ndjson"
     * @param outcome what became of the write, e.g. "nothing was appended to requests.ndjson"
     */
    public static DiskProblem of(String where, Path file, long bytes, String what, IOException cause, String outcome) {
        String detail = what + ": " + reason(cause);
        return isFull(file, bytes, cause)
                ? new DiskProblem(FULL, "the disk under " + where + " is full (" + detail + "); free space", outcome, cause)
                : new DiskProblem(UNWRITABLE, "cannot write under " + where + " (" + detail
                        + "); check that the folder exists, is a folder and is writable", outcome, cause);
    }

    /** A disk found full before anything was attempted (see {@link DiskGuard}). */
    static DiskProblem full(String where, String detail) {
        return new DiskProblem(FULL, "the disk under " + where + " is full (" + detail + "); free space", NOTHING_RECORDED, null);
    }

    /**
     * The same problem, said to a request that had no other effect than the write that failed (or none
     * at all, or whose effects were taken back): "...; free space, nothing was recorded".
     */
    public DiskProblem withNothingRecorded() {
        return new DiskProblem(status(), condition, NOTHING_RECORDED, getCause());
    }

    /** What is wrong and what to do, without what became of a request: the health check shows this. */
    public String condition() {
        return condition;
    }

    /**
     * ENOSPC and EDQUOT by their messages; the JDK may translate those (strerror follows the locale),
     * so a folder with less free space than the write is taken as full as well.
     */
    static boolean isFull(Path file, long bytes, IOException cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("no space left") || m.contains("quota exceeded")) {
            return true;
        }
        File folder = existingFolder(file);
        return folder != null && folder.getUsableSpace() < Math.max(bytes, 1);
    }

    /** The nearest folder that exists: free space of a folder not yet created is that of its parent's disk. */
    static File existingFolder(Path file) {
        for (Path p = NamedFolders.normalize(file).getParent(); p != null; p = p.getParent()) {
            File f = p.toFile();
            if (f.isDirectory()) {
                return f;
            }
        }
        return null;
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        if (e.getClass() == IOException.class && m != null) {
            return m; // the OS's words, e.g. "No space left on device"
        }
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m); // e.g. "NotDirectoryException /srv/logs"
    }
}

package base;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The folders the operator configured, by the variable that names them (LOGS_DIR, DATA_DIR), so
 * that an error about a file says which setting's disk to look at instead of only a path.
 */
public final class NamedFolders {
    public static final NamedFolders NONE = new NamedFolders(Map.of());
    private final Map<String, Path> folders;

    public NamedFolders(Map<String, Path> folders) {
        Map<String, Path> normalized = new LinkedHashMap<>();
        folders.forEach((name, folder) -> normalized.put(name, normalize(folder)));
        this.folders = Map.copyOf(normalized);
    }

    /** The variable whose folder holds the file (LOGS_DIR), or the file's own folder when none does. */
    public String describe(Path file) {
        Path f = normalize(file);
        for (Map.Entry<String, Path> e : folders.entrySet()) {
            if (f.startsWith(e.getValue())) {
                return e.getKey();
            }
        }
        Path parent = f.getParent();
        return parent == null ? f.toString() : parent.toString();
    }

    public Map<String, Path> all() {
        return folders;
    }

    static Path normalize(Path p) {
        return p.toAbsolutePath().normalize();
    }
}

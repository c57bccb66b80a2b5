package portal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files of $DATA_DIR/receipts/. A name must be plain (no separators, no dots in front), and
 * the real path, symlinks resolved, must still lie inside the folder: nothing outside is served.
 */
public final class ReceiptFiles {
    /** Receipts are documents of a few pages; anything larger is not served into memory. */
    static final long MAX_BYTES = 32L << 20;
    private static final Map<String, String> TYPES = Map.of(
            "pdf", "application/pdf",
            "html", "text/html; charset=utf-8",
            "htm", "text/html; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "json", "application/json");

    /** Why a file could not be served; the reason goes to the audit log, not to the client. */
    public static final class Unavailable extends Exception {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Path folder;

    public ReceiptFiles(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /** The bytes of a receipt file named {@code name} inside the folder. */
    public byte[] read(String name) throws Unavailable {
        if (!Receipt.plainName(name)) {
            throw new Unavailable("not_plain_name");
        }
        try {
            Path real = folder.resolve(name).toRealPath();
            if (!real.startsWith(folder.toRealPath()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new Unavailable("outside_receipts_folder");
            }
            // NOFOLLOW_LINKS: a link swapped in after the check above is not followed either
            try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new Unavailable("file_too_large");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new Unavailable("file_missing");
        } catch (IOException e) {
            throw new Unavailable("file_unreadable");
        }
    }

    /** The content type of a file name, from its extension. */
    public static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(TYPES.get(ext)).orElse("application/octet-stream");
    }
}

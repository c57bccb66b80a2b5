package portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog re-reads receipts.ndjson when it changed, and only then. */
class ReceiptCatalogTest {
    @TempDir
    Path dir;

    static String line(String id, String email) {
        return "{\"id\":\"" + id + "\",\"email\":\"" + email + "\",\"date\":\"2025-10-15\",\"amount_usd\":1}\n";
    }

    @Test
    void an_unchanged_file_is_not_read_again_and_a_changed_one_is() throws Exception {
        Path file = dir.resolve("receipts.ndjson");
        Files.writeString(file, line("rcpt_aaa", "a@example.com"));
        FileTime stamp = Files.getLastModifiedTime(file);
        ReceiptCatalog catalog = new ReceiptCatalog(file);
        assertThat(catalog.forEmail("a@example.com")).extracting(Receipt::id).containsExactly("rcpt_aaa");

        // same size, same modification time: the catalog trusts its copy (a stat, no read)
        Files.writeString(file, line("rcpt_bbb", "a@example.com"));
        Files.setLastModifiedTime(file, stamp);
        assertThat(catalog.forEmail("a@example.com")).extracting(Receipt::id).containsExactly("rcpt_aaa");

        Files.setLastModifiedTime(file, FileTime.fromMillis(stamp.toMillis() + 2000));
        assertThat(catalog.forEmail("a@example.com")).extracting(Receipt::id).containsExactly("rcpt_bbb");
    }

    @Test
    void malformed_lines_are_skipped_and_counted_and_a_last_line_without_newline_counts() throws Exception {
        Path file = dir.resolve("receipts.ndjson");
        Files.writeString(file, line("rcpt_1", "A@Example.com") + "{broken\n"
                + "{\"id\":\"x/y\",\"email\":\"a@example.com\",\"amount_usd\":1}\n"
                + "{\"id\":\"rcpt_2\",\"email\":\"a@example.com\",\"amount_usd\":\"ten\"}\n"
                + "{\"id\":\"rcpt_3\",\"email\":\"a@example.com\",\"amount_usd\":1,\"file\":\"../x.pdf\"}\n"
                + "{\"id\":\"rcpt_4\",\"email\":\"a@example.com\",\"date\":\"2025-11-01\",\"amount_usd\":2}");
        ReceiptCatalog catalog = new ReceiptCatalog(file);
        assertThat(catalog.skippedLines()).isEqualTo(4);
        assertThat(catalog.forEmail(" a@EXAMPLE.com ")).extracting(Receipt::id).containsExactly("rcpt_4", "rcpt_1");
    }

    @Test
    void no_file_means_no_receipts_until_one_appears() throws Exception {
        Path file = dir.resolve("receipts.ndjson");
        ReceiptCatalog catalog = new ReceiptCatalog(file);
        assertThat(catalog.forEmail("a@example.com")).isEmpty();
        Files.writeString(file, line("rcpt_1", "a@example.com"));
        assertThat(catalog.byId("rcpt_1")).isPresent();
    }
}

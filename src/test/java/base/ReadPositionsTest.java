package base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read positions table, including its upgrade in place from before skipped_lines. */
class ReadPositionsTest {
    @TempDir
    Path dir;

    @Test
    void a_database_from_before_skipped_lines_keeps_its_positions_and_counts_from_zero() {
        String url = support.OlderDatabase.write(dir.resolve("state.db"),
                "CREATE TABLE read_positions (input VARCHAR(64) PRIMARY KEY, file_key VARCHAR(256) NOT NULL,"
                        + " head_hash BIGINT NOT NULL, head_length INTEGER NOT NULL, byte_offset BIGINT NOT NULL)",
                "INSERT INTO read_positions VALUES ('requests-x', 'inode-1', 42, 256, 123456)",
                "CREATE TABLE request_hours (bucket_start BIGINT PRIMARY KEY, total BIGINT NOT NULL, failures BIGINT NOT NULL,"
                        + " latency BYTEA NOT NULL, minute_counts BYTEA NOT NULL)");
        try (StateDb db = new StateDb(url)) {
            ReadPositions positions = new ReadPositions(db);
            ReadPositions.Progress old = positions.load("requests-x");
            assertThat(old.position()).isEqualTo(new IncrementalLineReader.Position("inode-1", 42, 256, 123456));
            assertThat(old.skippedLines()).isZero();

            db.inTransaction(c -> {
                positions.save(c, "requests-x", new ReadPositions.Progress(old.position(), 5));
                return null;
            });
        }
        try (StateDb db = new StateDb(url)) {
            // a second start runs no migration again and keeps what was saved
            assertThat(new ReadPositions(db).load("requests-x").skippedLines()).isEqualTo(5);
        }
    }
}

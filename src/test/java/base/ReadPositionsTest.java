package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read positions table: per replica and file, compare-and-set saves, and the upgrade from one row per kind. */
class ReadPositionsTest {
    @TempDir
    Path dir;

    private static final IncrementalLineReader.Position OLD = new IncrementalLineReader.Position("inode-1", 42, 256, 123456);

    /** A database as a release before versioned migrations left it, with one position per kind of input. */
    private void oldDatabase(String url, boolean withSkippedLines) {
        support.OlderDatabase.write(Path.of(url.substring("jdbc:sqlite:".length())),
                "CREATE TABLE read_positions (input VARCHAR(64) PRIMARY KEY, file_key VARCHAR(256) NOT NULL,"
                        + " head_hash BIGINT NOT NULL, head_length INTEGER NOT NULL, byte_offset BIGINT NOT NULL"
                        + (withSkippedLines ? ", skipped_lines BIGINT NOT NULL DEFAULT 0" : "") + ")",
                "INSERT INTO read_positions (input, file_key, head_hash, head_length, byte_offset"
                        + (withSkippedLines ? ", skipped_lines" : "") + ") VALUES ('requests', 'inode-1', 42, 256, 123456"
                        + (withSkippedLines ? ", 7" : "") + ")");
    }

    @Test
    void an_upgraded_single_node_database_keeps_its_offset_for_the_first_replica_only() {
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        oldDatabase(url, true);
        ReadPositions.Input requests = new ReadPositions.Input("requests", dir.resolve("logs/requests.ndjson"));
        try (StateDb db = new StateDb(url)) {
            ReadPositions mine = new ReadPositions(db, "host-a");
            assertThat(mine.adopt(requests)).isEqualTo(new ReadPositions.Progress(OLD, 7));
            assertThat(mine.load(requests)).isEqualTo(new ReadPositions.Progress(OLD, 7));
            // a second replica tails its own files: it starts them from the beginning
            ReadPositions other = new ReadPositions(db, "host-b");
            assertThat(other.adopt(requests)).isEqualTo(ReadPositions.Progress.START);
        }
        try (StateDb db = new StateDb(url)) {
            // a restart of the first finds its own row
            assertThat(new ReadPositions(db, "host-a").adopt(requests)).isEqualTo(new ReadPositions.Progress(OLD, 7));
        }
    }

    @Test
    void a_database_from_before_skipped_lines_keeps_its_positions_and_counts_from_zero() {
        String url = "jdbc:sqlite:" + dir.resolve("older.db");
        oldDatabase(url, false);
        ReadPositions.Input requests = new ReadPositions.Input("requests", dir.resolve("requests.ndjson"));
        try (StateDb db = new StateDb(url)) {
            assertThat(new ReadPositions(db, "host-a").adopt(requests)).isEqualTo(new ReadPositions.Progress(OLD, 0));
        }
    }

    @Test
    void a_position_is_saved_only_over_the_one_the_lines_were_read_from() {
        try (StateDb db = new StateDb("jdbc:sqlite:" + dir.resolve("cas.db"))) {
            ReadPositions positions = new ReadPositions(db, "host-a");
            ReadPositions.Input usage = new ReadPositions.Input("usage", dir.resolve("ai_usage.ndjson"));
            ReadPositions.Progress first = new ReadPositions.Progress(new IncrementalLineReader.Position("inode-9", 1, 10, 100), 0);
            db.inTransaction(c -> {
                positions.save(c, usage, ReadPositions.Progress.START, first);
                return null;
            });
            ReadPositions.Progress second = new ReadPositions.Progress(new IncrementalLineReader.Position("inode-9", 1, 10, 200), 1);
            // a second folder that read from the start too loses: its lines were folded by the first
            assertThatThrownBy(() -> db.inTransaction(c -> {
                positions.save(c, usage, ReadPositions.Progress.START, second);
                return null;
            })).isInstanceOf(ReadPositions.Moved.class);
            db.inTransaction(c -> {
                positions.save(c, usage, first, second);
                return null;
            });
            assertThat(positions.load(usage)).isEqualTo(second);
        }
    }
}

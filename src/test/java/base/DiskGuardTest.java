package base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the raise path and the health checks ask before acting: can a record be written now? */
class DiskGuardTest {
    @TempDir
    Path dir;
    Path logs;
    NamedFolders folders;

    @BeforeEach
    void folders() throws IOException {
        logs = Files.createDirectories(dir.resolve("logs"));
        folders = new NamedFolders(Map.of(DiskGuard.LOGS_DIR, logs, DiskGuard.DATA_DIR, Files.createDirectories(dir.resolve("data"))));
    }

    @Test
    void a_disk_that_takes_writes_is_writable() {
        try (NdjsonAppender appender = new NdjsonAppender(folders)) {
            DiskGuard guard = new DiskGuard(folders, appender);
            assertThat(guard.canWrite()).isTrue();
            assertThat(guard.health(DiskGuard.LOGS_DIR, "logs folder")).isEmpty();
            assertThat(guard.health(DiskGuard.DATA_DIR, "data folder")).isEmpty();
        }
    }

    @Test
    void while_an_append_fails_and_its_folder_takes_no_write_the_guard_refuses_with_507_then_allows_again() throws IOException {
        try (NdjsonAppender appender = new NdjsonAppender(folders, new FillingDisk(0))) {
            DiskGuard guard = new DiskGuard(folders, appender);
            Path incidents = logs.resolve("incidents.ndjson");
            assertThatThrownBy(() -> appender.appendLines(incidents, List.of("{\"event\":\"raise\"}"))).isInstanceOf(DiskProblem.class);
            // the probe must fail too, as on a full disk: the folder is gone and a file stands in its place
            Files.delete(incidents);
            Files.delete(logs);
            Files.writeString(logs, "a file where the logs folder was");

            assertThat(guard.canWrite()).isFalse();
            assertThatThrownBy(guard::requireWritable).isInstanceOfSatisfying(DiskProblem.class, p -> {
                assertThat(p.status()).isEqualTo(507);
                assertThat(p.getMessage()).isEqualTo("the disk under LOGS_DIR is full (appending 18 bytes to incidents.ndjson: "
                        + FillingDisk.NO_SPACE + "); free space, nothing was recorded");
            });
            assertThat(guard.health(DiskGuard.LOGS_DIR, "logs folder")).get().asString().startsWith("cannot write into the logs folder");

            Files.delete(logs);
            Files.createDirectories(logs);
            await().atMost(Duration.ofSeconds(10)).until(guard::canWrite); // the probe's outcome is reused for a second
            assertThat(appender.failures()).isEmpty();
            assertThat(guard.health(DiskGuard.LOGS_DIR, "logs folder")).isEmpty();
        }
    }

    @Test
    void an_append_failure_is_forgotten_once_a_real_write_into_its_folder_succeeds() {
        try (NdjsonAppender appender = new NdjsonAppender(folders, new FillingDisk(0))) {
            DiskGuard guard = new DiskGuard(folders, appender);
            assertThatThrownBy(() -> appender.append(logs.resolve("costs.ndjson"), Map.of("v", 1))).isInstanceOf(DiskProblem.class);
            assertThat(appender.failures()).hasSize(1);
            // this disk is not full (only the injected channel was): the probe writes 4 KiB, so the guard lets records through
            assertThat(guard.canWrite()).isTrue();
            assertThat(appender.failures()).isEmpty();
        }
    }

    @Test
    void the_data_folder_is_unhealthy_when_it_cannot_take_a_write() throws IOException {
        Path data = folders.all().get(DiskGuard.DATA_DIR);
        Files.delete(data);
        Files.writeString(data, "a file where the data folder was");
        try (NdjsonAppender appender = new NdjsonAppender(folders)) {
            DiskGuard guard = new DiskGuard(folders, appender);
            assertThat(guard.health(DiskGuard.DATA_DIR, "data folder")).get().asString()
                    .startsWith("cannot write into the data folder " + data + " (DATA_DIR)");
        }
    }
}

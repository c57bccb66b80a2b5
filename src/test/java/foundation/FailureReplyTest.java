package foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

class FailureReplyTest {
    @TempDir
    Path home;

    @Test
    void a_route_that_fails_inside_an_api_call_answers_500_in_json_without_a_stack_trace() throws Exception {
        Path notAFile = Files.createDirectories(home.resolve("requests-is-a-folder"));
        try (RunningDaemon d = new RunningDaemon(home).set("METRICS_REQUESTS_FILE", notAFile.toString()).start()) {
            RunningDaemon.Reply r = d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url("/api/slo/rebaseline")))
                    .header("X-Dash-Key", RunningDaemon.KEY).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            assertThat(r.json().get("error").asText()).startsWith("internal error").contains("daemon log");
            assertThat(r.text()).doesNotContain("\tat ").doesNotContain("Exception:");
            // the daemon is still serving
            assertThat(d.get("/api/nothing").status()).isEqualTo(404);
        }
    }
}

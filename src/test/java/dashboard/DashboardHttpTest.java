package dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import support.RunningDaemon;

/** The dashboard's files and the SLO history API, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardHttpTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(daemon.logs().resolve("slo_budget.json")));
    }

    @AfterAll
    void stop() throws Exception {
        daemon.close();
    }

    private RunningDaemon.Reply open(String path) throws Exception {
        return daemon.send(HttpRequest.newBuilder(URI.create(daemon.url(path))).GET().build());
    }

    @Test
    void the_page_holds_the_three_cards_and_loads_only_its_own_files() throws Exception {
        RunningDaemon.Reply r = open("/dashboard");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'");
        assertThat(r.text()).contains("id=\"slo-card\"").contains("id=\"portal-card\"").contains("id=\"cost-scale-card\"")
                .contains("src=\"/dashboard/dashboard.js\"").doesNotContain("<!-- card:").doesNotContain("http://")
                .doesNotContain("https://");
        assertThat(open("/dashboard/").status()).isEqualTo(200);
    }

    @Test
    void the_script_and_style_are_served_and_anything_else_is_404() throws Exception {
        assertThat(open("/dashboard/dashboard.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(open("/dashboard/dashboard.css").header("Content-Type")).startsWith("text/css");
        assertThat(open("/dashboard/../pom.xml").status()).isEqualTo(404);
        assertThat(open("/dashboard/templates/slo_budget_card.html").status()).isEqualTo(404);
    }

    @Test
    void the_script_never_writes_html_from_data() throws Exception {
        String js = open("/dashboard/dashboard.js").text();
        assertThat(js).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
    }

    @Test
    void slo_history_answers_the_last_n_runs_oldest_first() throws Exception {
        for (int i = 0; i < 4; i++) {
            daemon.call("slo-budget-run", null);
        }
        RunningDaemon.Reply r = daemon.get("/api/slo/history?limit=3");
        assertThat(r.status()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(0).get("ts").asText()).isLessThanOrEqualTo(data.get(2).get("ts").asText());
        assertThat(data.get(2).has("burn_rate_pct")).isTrue();
        assertThat(data.get(2).get("burn_alert").asText()).isEqualTo("OK");
        assertThat(data.get(2).has("burn_windows")).as("only the chart's figures").isFalse();
    }

    @Test
    void slo_history_refuses_a_bad_limit_and_needs_the_key() throws Exception {
        RunningDaemon.Reply bad = daemon.get("/api/slo/history?limit=abc");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("limit must be a whole number from 1 to 5000");
        assertThat(open("/api/slo/history").status()).isEqualTo(401);
    }
}

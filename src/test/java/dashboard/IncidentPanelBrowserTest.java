package dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import support.RunningDaemon;

/** The customer portal card's incident panel in headless Chromium: incidents with their buttons, and the silences. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentPanelBrowserTest {
    @TempDir
    static Path home;
    RunningDaemon daemon;
    ChromeDriver browser;
    DashboardPage page;

    @BeforeAll
    void start() throws Exception {
        daemon = new RunningDaemon(home).start();
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

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#incidents-rows tr"));
    }

    private WebElement row(String fingerprint) {
        return browser.findElement(By.cssSelector("#incidents-rows tr[data-fingerprint='" + fingerprint + "']"));
    }

    @Test
    void the_portal_card_lists_incidents_acknowledges_and_resolves_them_and_shows_the_silences() throws Exception {
        String fp = daemon.postJson("/api/incidents/raise", "{\"severity\":\"CRITICAL\",\"msg\":\"<i>Checkout</i> failing\","
                + "\"source\":\"shop\"}").json().get("fingerprint").asText();
        daemon.postJson("/api/incidents/silences", "{\"matchers\":{\"source\":\"batch\"},\"duration_min\":30,"
                + "\"comment\":\"nightly reindex\",\"created_by\":\"ana\"}");
        page.openWithoutKey();
        page.enterKey(RunningDaemon.KEY);
        page.waitShown("incidents-table");
        assertThat(rows()).hasSize(1);
        assertThat(row(fp).getText()).contains("open").contains("CRITICAL").contains("shop: <i>Checkout</i> failing");
        assertThat(browser.findElements(By.cssSelector("#incidents-rows i"))).isEmpty();
        assertThat(page.text("silences-list")).contains("source=batch until ").contains("(ana: nightly reindex)");
        HeadlessChromium.screenshot(page.element("portal-card"), "customer_portal_card_incidents");

        row(fp).findElement(By.cssSelector("button.incident-ack")).click();
        // the panel is drawn anew after the click: rows found before it go stale
        page.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(b -> row(fp).getText().contains("acknowledged by dashboard"));
        assertThat(row(fp).findElements(By.cssSelector("button.incident-ack"))).isEmpty();
        assertThat(daemon.get("/api/incidents?status=acknowledged").json().at("/incidents/0/fingerprint").asText()).isEqualTo(fp);

        row(fp).findElement(By.cssSelector("button.incident-resolve")).click();
        page.waitShown("incidents-empty");
        assertThat(rows()).isEmpty();
        assertThat(daemon.get("/api/incidents?status=resolved").json().at("/incidents/0/resolved_by").asText()).isEqualTo("dashboard");
    }
}

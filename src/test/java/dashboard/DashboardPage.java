package dashboard;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard as a browser test sees it: open it clean, enter a key, read and wait for elements by id. */
final class DashboardPage {
    final ChromeDriver browser;
    final WebDriverWait wait;
    private final String url;

    DashboardPage(ChromeDriver browser, String url) {
        this.browser = browser;
        this.url = url;
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /** A fresh page without a key in session storage. */
    void openWithoutKey() {
        browser.get(url);
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    void enterKey(String key) {
        WebElement input = wait.until(d -> d.findElement(By.id("key-input")));
        input.sendKeys(key);
        browser.findElement(By.id("key-submit")).click();
    }

    WebElement element(String id) {
        return browser.findElement(By.id(id));
    }

    String text(String id) {
        return element(id).getText();
    }

    /** Waits until the element's visible text is exactly this. */
    void waitForText(String id, String expected) {
        wait.until(b -> expected.equals(b.findElement(By.id(id)).getText()));
    }

    /** Waits until the element is displayed and returns it. */
    WebElement waitShown(String id) {
        return wait.until(b -> {
            WebElement e = b.findElement(By.id(id));
            return e.isDisplayed() ? e : null;
        });
    }
}

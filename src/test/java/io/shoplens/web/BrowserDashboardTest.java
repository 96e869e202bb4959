package io.shoplens.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * Loads the dashboard in Debian's headless Chromium (never a downloaded browser), waits for the charts, checks each
 * canvas has pixels and the console has no errors, and keeps a screenshot under target/.
 */
@Tag("browser")
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class BrowserDashboardTest {
    static ChromeDriver driver;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2200");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void dashboardDrawsEveryChartWithoutConsoleErrors() throws Exception {
        Api.awaitReady();
        driver.get(root.toString());
        List<WebElement> canvases = driver.findElements(By.cssSelector("canvas[data-chart]"));
        assertEquals(5, canvases.size(), "charts on the dashboard");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> canvases.stream()
                .allMatch(c -> "true".equals(c.getDomAttribute("data-drawn"))));
        for (WebElement canvas : canvases) {
            Object painted = ((JavascriptExecutor) driver).executeScript(
                    "const c = arguments[0]; const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + " let n = 0; for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) n++; } return n;",
                    canvas);
            assertTrue(((Number) painted).longValue() > 1000, canvas.getDomAttribute("id") + " has pixels drawn");
        }
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "console errors");
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The dashboard follows appended orders from the event stream, without a reload: its orders card and its
     * last-24-hours panel show the appended orders, and the page object is the one loaded (a marker set on it
     * survives).
     */
    @Test
    void theDashboardFollowsAppendedOrdersWithoutAReload() {
        Api.awaitReady();
        driver.get(root.toString());
        String cards = text("kpi-cards");
        long before = io.restassured.RestAssured.given().get("/api/kpis").then().extract().<Number>path("orders")
                .longValue();
        driver.executeScript("window.shoplensMarker = 'same page';");
        // The page opens its stream six seconds after loading; an append before that is caught by the refresh on
        // opening, one after it by the event.
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "T08:00:00Z";
        Api.admin().contentType("application/json").body("[{\"id\": \"BROWSER-1\", \"customerId\": \"C000001\","
                + " \"date\": \"" + today + "\", \"lines\": [{\"productId\": \"P00001\", \"quantity\": 1,"
                + " \"unitPrice\": 9.99}]}]").post("/api/orders").then().statusCode(200);
        String expected = String.format(java.util.Locale.ENGLISH, "%,d", before + 1);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> text("kpi-cards").contains(expected));
        assertTrue(!cards.equals(text("kpi-cards")), "the cards changed");
        assertEquals("same page", driver.executeScript("return window.shoplensMarker;"), "no reload");
        assertTrue(text("live-status").contains("Updated"), text("live-status"));
    }

    /**
     * An element's text read in the page itself: a refresh replaces the live parts, so an element found a moment
     * before can be gone when its text is asked for (a StaleElementReferenceException).
     */
    private static String text(String id) {
        Object text = driver.executeScript("var e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
                id);
        return text == null ? "" : text.toString();
    }
}

package dev.assetstore.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.HeadlessChromium;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code GET /docs} in a real headless Chromium: Swagger UI loads the served OpenAPI document and
 * renders every operation, with no error or warning box (a newcomer's first look at the API). The
 * boxes are Swagger UI's own containers: {@code .errors-wrapper} (spec errors, failed fetches and
 * the "jsonSchemaDialect not supported" warning) and {@code .version-pragma} (an OpenAPI version it
 * does not render).
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or {@code CHROME_BIN},
 * {@code CHROMEDRIVER}); without them it fails, it is not skipped.
 */
@Tag("browser")
@Timeout(180)
class DocsPageBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Swagger UI's containers for problems with the document or its loading. */
  static final List<String> PROBLEM_BOXES =
      List.of(".errors-wrapper", ".version-pragma", ".swagger-ui .errors", ".loading-container");

  static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  static TestServer server;
  static HeadlessChromium chromium;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    chromium = HeadlessChromium.start("The /docs browser test", 1200, 900);
    driver = chromium.driver;
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void rendersEveryOperationWithoutAnErrorOrWarningBox() {
    JsonNode doc = server.http.as(null).get("/api/openapi.json").json();
    int operations = 0;
    for (Iterator<JsonNode> paths = doc.get("paths").elements(); paths.hasNext(); ) {
      for (Iterator<String> keys = paths.next().fieldNames(); keys.hasNext(); ) {
        operations += METHODS.contains(keys.next()) ? 1 : 0;
      }
    }
    assertThat(operations).isGreaterThan(20);

    driver.get("http://127.0.0.1:" + server.port() + "/docs");
    int expected = operations;
    // Rendered means: the title from the document and one block per operation are on the page.
    new WebDriverWait(driver, WAIT)
        .until(
            d ->
                !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty()
                    && d.findElements(By.cssSelector(".opblock")).size() >= expected);
    assertThat(driver.findElement(By.cssSelector(".swagger-ui .info .title")).getText())
        .contains(doc.at("/info/title").asText());
    assertThat(driver.findElements(By.cssSelector(".opblock"))).hasSize(expected);

    for (String box : PROBLEM_BOXES) {
      List<WebElement> found = driver.findElements(By.cssSelector(box));
      assertThat(found)
          .as("Swagger UI shows %s: %s", box, found.stream().map(WebElement::getText).toList())
          .isEmpty();
    }
  }
}

package dev.assetstore.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.HeadlessChromium;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) with its own
 * profile and download folder, plus what the console's tests do with it: wait, screenshot each view
 * at 1280 and 390 px (light, and dark at 1280) under {@code target/console-screenshots/}, run
 * axe-core in the page, and collect Content-Security-Policy violations and script errors.
 */
final class Chromium implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Path SHOTS = Path.of("target", "console-screenshots");

  private final HeadlessChromium chrome;
  final ChromeDriver driver;
  final Path downloads;

  Chromium() throws IOException {
    this(false);
  }

  /**
   * With {@code network}, Chromium also logs the page's network events (DevTools "performance"
   * log), so a test can see what was answered to the page, e.g. a 206 the service worker passed on.
   */
  Chromium(boolean network) throws IOException {
    chrome = HeadlessChromium.start("The console's browser tests", 1280, 860, network);
    driver = chrome.driver;
    downloads = chrome.downloads;
  }

  <T> T wait(ExpectedCondition<T> c) {
    return new WebDriverWait(driver, WAIT).until(c);
  }

  WebElement visible(By by) {
    return wait(ExpectedConditions.visibilityOfElementLocated(by));
  }

  WebElement visible(String css) {
    return visible(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Screenshots of the current view at 1280 px and 390 px, light, and at 1280 px dark. */
  void shot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    record Look(int width, int height, boolean dark) {}
    for (Look l :
        List.of(new Look(1280, 860, false), new Look(390, 844, false), new Look(1280, 860, true))) {
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of(
              "width",
              l.width(),
              "height",
              l.height(),
              "deviceScaleFactor",
              1,
              "mobile",
              l.width() < 500));
      driver.executeCdpCommand(
          "Emulation.setEmulatedMedia",
          Map.of(
              "features",
              List.of(
                  Map.of("name", "prefers-color-scheme", "value", l.dark() ? "dark" : "light"))));
      Thread.sleep(250);
      Files.write(
          SHOTS.resolve(name + "-" + l.width() + (l.dark() ? "-dark" : "") + ".png"),
          driver.getScreenshotAs(OutputType.BYTES));
    }
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    Thread.sleep(150);
  }

  private static String axeSource;

  /** Runs axe-core in the page: no serious or critical violation, in light and in dark. */
  @SuppressWarnings("unchecked")
  void axe(String view) throws IOException {
    if (axeSource == null) {
      try (InputStream in =
          Chromium.class
              .getClassLoader()
              .getResourceAsStream("META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
        assertThat(in).as("axe-core WebJar on the test class path").isNotNull();
        axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    // DevTools evaluation is not subject to the page's CSP, so axe needs no policy exception.
    driver.executeCdpCommand(
        "Runtime.evaluate", Map.of("expression", axeSource, "returnByValue", true));
    for (String scheme : List.of("light", "dark")) {
      driver.executeCdpCommand(
          "Emulation.setEmulatedMedia",
          Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
      List<Map<String, Object>> bad =
          (List<Map<String, Object>>)
              driver.executeAsyncScript(
                  "var done = arguments[arguments.length - 1];"
                      + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                      + "  done(r.violations.filter(function (v) {"
                      + "    return v.impact === 'serious' || v.impact === 'critical'; })"
                      + "  .map(function (v) { return {id: v.id, impact: v.impact, help: v.help,"
                      + "    nodes: v.nodes.slice(0, 3).map(function (n) { return n.html; })}; }));"
                      + "}, function (e) { done([{id: 'axe-error', help: String(e)}]); });");
      assertThat(bad).as("axe-core on %s (%s)", view, scheme).isEmpty();
    }
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
  }

  List<String> violations() {
    return chrome.violations();
  }

  /** CSP reports and uncaught script errors in the browser console since the last call. */
  List<String> scriptProblems() {
    return chrome.scriptProblems();
  }

  /** One response the page received (from the server or its service worker). */
  record Response(String url, int status, String mimeType, String type, boolean fromWorker) {}

  /**
   * The responses the page's frames received since the last call ({@code Network.responseReceived}
   * in the performance log; needs {@code new Chromium(true)}).
   */
  List<Response> responses() throws IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<Response> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      var m = json.readTree(e.getMessage()).path("message");
      if (!"Network.responseReceived".equals(m.path("method").asText())) {
        continue;
      }
      var p = m.path("params");
      var r = p.path("response");
      out.add(
          new Response(
              r.path("url").asText(),
              r.path("status").asInt(),
              r.path("mimeType").asText(),
              p.path("type").asText(),
              r.path("fromServiceWorker").asBoolean()));
    }
    return out;
  }

  /** Waits for Chromium to finish saving a file named {@code name} and returns it. */
  Path download(String name) throws Exception {
    return chrome.download(name);
  }

  @Override
  public void close() {
    chrome.close();
  }
}

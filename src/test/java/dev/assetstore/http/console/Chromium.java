package dev.assetstore.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
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

  /** Registered before any page script runs: records every CSP violation the document reports. */
  static final String CSP_RECORDER =
      "window.__csp = [];"
          + "document.addEventListener('securitypolicyviolation', function (e) {"
          + "  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);"
          + "});";

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;

  Chromium() throws IOException {
    this(false);
  }

  /**
   * With {@code network}, Chromium also logs the page's network events (DevTools "performance"
   * log), so a test can see what was answered to the page, e.g. a 206 the service worker passed on.
   */
  Chromium(boolean network) throws IOException {
    String browser = System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium");
    String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
    if (!Files.isExecutable(Path.of(browser)) || !Files.isExecutable(Path.of(chromedriver))) {
      fail(
          "The console's browser tests need headless Chromium and its driver: apt-get install -y"
              + " chromium chromium-driver, or set CHROME_BIN and CHROMEDRIVER.");
    }
    profile = Files.createTempDirectory("console-chromium");
    downloads = Files.createTempDirectory("console-downloads");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1280,860",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new LinkedHashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("safebrowsing.enabled", false);
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    if (network) {
      logs.enable(LogType.PERFORMANCE, Level.ALL);
    }
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_RECORDER));
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

  @SuppressWarnings("unchecked")
  List<String> violations() {
    Object v = driver.executeScript("return window.__csp || []");
    return v instanceof List<?> l ? (List<String>) l : List.of();
  }

  /** CSP reports and uncaught script errors in the browser console since the last call. */
  List<String> scriptProblems() {
    List<String> lines = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      if (m.contains("Content Security Policy") || m.contains("Uncaught")) {
        lines.add(m);
      }
    }
    return lines;
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
    Path file = downloads.resolve(name);
    long end = System.nanoTime() + WAIT.toNanos();
    while (true) {
      boolean partial;
      try (var s = Files.list(downloads)) {
        partial = s.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
      }
      if (Files.isRegularFile(file) && !partial) {
        return file;
      }
      if (System.nanoTime() > end) {
        try (var s = Files.list(downloads)) {
          throw new AssertionError(
              "Chromium did not save "
                  + name
                  + "; the folder holds "
                  + s.map(Path::getFileName).toList());
        }
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      dev.assetstore.support.TestServer.deleteRecursively(profile);
      dev.assetstore.support.TestServer.deleteRecursively(downloads);
    }
  }
}

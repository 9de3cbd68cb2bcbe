package dev.assetstore.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, or {@code
 * CHROME_BIN} and {@code CHROMEDRIVER}) for a browser test, with its own profile and download
 * folder, the browser console kept, and every Content-Security-Policy violation a document reports
 * recorded. Without Chromium the test fails; it is never skipped.
 */
public final class HeadlessChromium implements AutoCloseable {
  static final Duration DOWNLOAD_WAIT = Duration.ofSeconds(20);

  /** Registered before any page script runs (CDP scripts are not subject to the page's CSP). */
  static final String CSP_RECORDER =
      "window.__csp = [];"
          + "document.addEventListener('securitypolicyviolation', function (e) {"
          + "  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);"
          + "});";

  public final ChromeDriver driver;
  public final Path downloads;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path downloads, Path profile) {
    this.driver = driver;
    this.downloads = downloads;
    this.profile = profile;
  }

  /**
   * Starts Chromium with a {@code width} × {@code height} window; {@code test} names the caller.
   */
  public static HeadlessChromium start(String test, int width, int height) throws IOException {
    return start(test, width, height, false);
  }

  /**
   * With {@code network}, Chromium also logs the page's network events (the DevTools "performance"
   * log), so a test can see what was answered to the page.
   */
  public static HeadlessChromium start(String test, int width, int height, boolean network)
      throws IOException {
    String browser = System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium");
    String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
    if (!Files.isExecutable(Path.of(browser)) || !Files.isExecutable(Path.of(chromedriver))) {
      fail(
          test
              + " needs headless Chromium and its driver, but "
              + browser
              + " or "
              + chromedriver
              + " is missing. Install Debian's packages: apt-get install -y chromium"
              + " chromium-driver (.ci/run does), or set CHROME_BIN and CHROMEDRIVER.");
    }
    Path profile = Files.createTempDirectory("chromium-profile");
    Path downloads = Files.createTempDirectory("chromium-downloads");
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
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new LinkedHashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("download.directory_upgrade", true);
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
    ChromeDriver d;
    try {
      d = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      TestServer.deleteRecursively(profile);
      TestServer.deleteRecursively(downloads);
      throw new AssertionError(
          "Chromium (" + browser + ") did not start through " + chromedriver + ": " + e, e);
    }
    // Headless Chromium saves downloads only where it is told to.
    d.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_RECORDER));
    return new HeadlessChromium(d, downloads, profile);
  }

  /** The CSP violations the current document reported. */
  @SuppressWarnings("unchecked")
  public List<String> violations() {
    Object v = driver.executeScript("return window.__csp || []");
    return v instanceof List<?> l ? (List<String>) l : List.of();
  }

  /** CSP reports and uncaught script errors in the browser console since the last call. */
  public List<String> scriptProblems() {
    List<String> lines = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      if (m.contains("Content Security Policy") || m.contains("Uncaught")) {
        lines.add(m);
      }
    }
    return lines;
  }

  /** Waits for Chromium to finish saving a file named {@code name} and returns it. */
  public Path download(String name) throws Exception {
    Path file = downloads.resolve(name);
    long end = System.nanoTime() + DOWNLOAD_WAIT.toNanos();
    while (true) {
      boolean partial;
      try (Stream<Path> s = Files.list(downloads)) {
        partial = s.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
      }
      if (Files.isRegularFile(file) && !partial) {
        return file;
      }
      if (System.nanoTime() > end) {
        try (Stream<Path> s = Files.list(downloads)) {
          throw new AssertionError(
              "Chromium did not save "
                  + name
                  + "; the download folder holds "
                  + s.map(p -> p.getFileName().toString()).toList());
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
      TestServer.deleteRecursively(profile);
      TestServer.deleteRecursively(downloads);
    }
  }
}

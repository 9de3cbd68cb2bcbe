import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console rows of bench/run.sh (issue 18), in headless Chromium driven by Selenium: signs in
 * with an API key, then opens a folder's deep link with a cold browser cache several times and
 * reads from the Performance API when the first rows appeared, were painted and the page was idle;
 * then scrolls through every row, sampling the JS heap (Chromium's own figure, through CDP).
 * Prints one JSON line.
 *
 * <p>java -cp SELENIUM_CLASSPATH bench/tools/ConsoleBench.java BASE_URL API_KEY FOLDER_ID ROWS
 * LAST_NAME LOADS
 *
 * <p>The console's markup is not part of the contract: the row selector and the sign-in fields can
 * be changed with CONSOLE_ROW_SELECTOR, CONSOLE_KEY_TAB, CONSOLE_KEY_INPUT, CONSOLE_SIGNIN.
 */
public class ConsoleBench {
  static final String ROW = env("CONSOLE_ROW_SELECTOR", "#items > li");

  /**
   * Installed before any page script: notes when the first row is in the DOM, the frame after
   * (painted), and the first idle period after that (interactive: the main thread is free to
   * answer input). Long tasks up to then are counted. Scripts injected this way are not subject to
   * the page's Content-Security-Policy.
   */
  static final String RECORDER =
      """
      (() => {
        const sel = %s;
        const b = window.__consoleBench = { firstRows: null, painted: null, interactive: null,
          rows: 0, longTasks: 0, lastLongTaskEnd: 0 };
        try {
          new PerformanceObserver((l) => { for (const e of l.getEntries()) {
            if (b.interactive === null) { b.longTasks++; b.lastLongTaskEnd = e.startTime + e.duration; }
          } }).observe({ type: "longtask", buffered: true });
        } catch (e) {}
        const check = () => {
          if (b.firstRows !== null) return;
          const n = document.querySelectorAll(sel).length;
          if (n === 0) return;
          b.firstRows = performance.now();
          b.rows = n;
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => {
            b.painted = performance.now();
            requestIdleCallback(() => { b.interactive = performance.now(); });
          }, 0));
        };
        const obs = new MutationObserver(check);
        obs.observe(document, { childList: true, subtree: true });
      })();
      """;

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String key = args[1];
    String folder = args[2];
    int expected = Integer.parseInt(args[3]);
    String lastName = args[4];
    int loads = Integer.parseInt(args[5]);
    Path profile = Files.createTempDirectory("console-bench-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(env("CHROME_BIN", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(env("CHROMEDRIVER", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    ChromeDriver d = new ChromeDriver(service, options);
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      d.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument",
          Map.of("source", RECORDER.formatted(jsString(ROW))));
      d.executeCdpCommand("Performance.enable", Map.of());
      d.executeCdpCommand("Network.enable", Map.of());
      signIn(d, base, key);

      List<Map<String, Object>> runs = new ArrayList<>();
      for (int i = 0; i <= loads; i++) {
        d.get("about:blank");
        // Every measured load fetches the console's files anew, as a first visit does.
        d.executeCdpCommand("Network.clearBrowserCache", Map.of());
        d.get(base + "/app/folder/" + folder);
        Map<String, Object> r = waitForInteractive(d);
        if (i > 0) {
          runs.add(r);
        }
      }
      out.put("loads", runs);

      d.executeCdpCommand("HeapProfiler.enable", Map.of());
      gc(d);
      long heapStart = metric(d, "JSHeapUsedSize");
      long peakHeap = heapStart;
      long peakNodes = metric(d, "Nodes");
      long t0 = System.nanoTime();
      long deadline = t0 + Duration.ofSeconds(Long.parseLong(env("CONSOLE_SCROLL_SECONDS", "600"))).toNanos();
      int steps = 0;
      boolean reached = false;
      String lastSeen = "";
      while (System.nanoTime() < deadline) {
        @SuppressWarnings("unchecked")
        List<Object> s =
            (List<Object>)
                js(d)
                    .executeScript(
                        "const rows = document.querySelectorAll(arguments[0]);"
                            + "if (rows.length === 0) return [0, '', false];"
                            + "const last = rows[rows.length - 1];"
                            // to the bottom of every scrolling box around the rows, and the
                            // page: whatever loads the next page (a sentinel) comes into view
                            + "for (let e = last; e; e = e.parentElement)"
                            + "  if (e.scrollHeight > e.clientHeight) e.scrollTop = e.scrollHeight;"
                            + "window.scrollTo(0, document.scrollingElement.scrollHeight);"
                            + "const found = [...rows].some(r => r.textContent.includes(arguments[1]));"
                            + "return [rows.length, last.textContent, found];",
                        ROW,
                        lastName);
        steps++;
        peakHeap = Math.max(peakHeap, metric(d, "JSHeapUsedSize"));
        peakNodes = Math.max(peakNodes, metric(d, "Nodes"));
        if (Boolean.TRUE.equals(s.get(2))) {
          reached = true;
          break;
        }
        String last = String.valueOf(s.get(1));
        // Wait (at most 10 s) for the list to move on: a page fetched, rows recycled. A person
        // scrolls in many small steps; one jump to the bottom can leave a sentinel that was
        // already in view (its observer fired while a page was loading) without a new
        // intersection, so every 2 s the boxes are moved up a screen and back down.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long nextNudge = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        boolean moved = false;
        while (System.nanoTime() < until) {
          if (System.nanoTime() > nextNudge) {
            nudge(d, ROW);
            nextNudge = System.nanoTime() + Duration.ofSeconds(2).toNanos();
          }
          Object now =
              js(d)
                  .executeScript(
                      "const rows = document.querySelectorAll(arguments[0]);"
                          + "return rows.length ? rows[rows.length - 1].textContent : '';",
                      ROW);
          if (!last.equals(now)) {
            moved = true;
            break;
          }
          Thread.sleep(20);
        }
        if (!moved && last.equals(lastSeen)) {
          break; // nothing more comes
        }
        lastSeen = last;
      }
      double scrollSeconds = (System.nanoTime() - t0) / 1e9;
      long heapEnd = metric(d, "JSHeapUsedSize");
      gc(d);
      long heapEndGc = metric(d, "JSHeapUsedSize");
      Object domRows = js(d).executeScript("return document.querySelectorAll(arguments[0]).length;", ROW);
      out.put("expected_rows", expected);
      out.put("reached_last", reached);
      out.put("scroll_steps", steps);
      out.put("scroll_seconds", Math.round(scrollSeconds * 10) / 10.0);
      out.put("heap_after_load_gc_bytes", heapStart);
      out.put("heap_peak_bytes", peakHeap);
      out.put("heap_end_bytes", heapEnd);
      out.put("heap_end_gc_bytes", heapEndGc);
      out.put("dom_nodes_peak", peakNodes);
      out.put("dom_rows_end", domRows);
      System.out.println("CONSOLEJSON " + json(out));
    } finally {
      d.quit();
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Scrolls every box around the rows (and the page) up a screen, then to the bottom again. */
  static void nudge(ChromeDriver d, String row) throws InterruptedException {
    String boxes =
        "const rows = document.querySelectorAll(arguments[0]);"
            + "const boxes = [document.scrollingElement];"
            + "for (let e = rows.length ? rows[rows.length - 1] : null; e; e = e.parentElement)"
            + "  if (e.scrollHeight > e.clientHeight) boxes.push(e);";
    js(d).executeScript(boxes + "for (const b of boxes) b.scrollTop -= b.clientHeight || 800;", row);
    Thread.sleep(150);
    js(d).executeScript(boxes + "for (const b of boxes) b.scrollTop = b.scrollHeight;", row);
  }

  static void signIn(ChromeDriver d, String base, String key) {
    d.get(base + "/app/");
    var wait = new WebDriverWait(d, Duration.ofSeconds(60));
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(env("CONSOLE_KEY_TAB", "#tab-key"))))
        .click();
    d.findElement(By.cssSelector(env("CONSOLE_KEY_INPUT", "#api-key"))).sendKeys(key);
    String submit = env("CONSOLE_SIGNIN", "#signin");
    d.findElement(By.cssSelector(submit)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(submit)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> waitForInteractive(ChromeDriver d) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      Object done = js(d).executeScript("return window.__consoleBench && window.__consoleBench.interactive;");
      if (done != null) {
        return (Map<String, Object>)
            js(d)
                .executeScript(
                    "const b = window.__consoleBench;"
                        + "const n = performance.getEntriesByType('navigation')[0];"
                        + "const fcp = performance.getEntriesByName('first-contentful-paint')[0];"
                        + "const r = v => Math.round(v * 10) / 10;"
                        + "return { first_rows_ms: r(b.firstRows), painted_ms: r(b.painted),"
                        + " interactive_ms: r(b.interactive), rows_at_first: b.rows,"
                        + " long_tasks: b.longTasks, last_long_task_end_ms: r(b.lastLongTaskEnd),"
                        + " fcp_ms: fcp ? r(fcp.startTime) : null,"
                        + " dom_content_loaded_ms: r(n.domContentLoadedEventEnd),"
                        + " load_ms: r(n.loadEventEnd) };");
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "no row matching " + ROW + " within 60 s at " + d.getCurrentUrl());
  }

  static void gc(ChromeDriver d) {
    d.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
  }

  @SuppressWarnings("unchecked")
  static long metric(ChromeDriver d, String name) {
    var m = (List<Map<String, Object>>) d.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
    for (var e : m) {
      if (name.equals(e.get("name"))) {
        return ((Number) e.get("value")).longValue();
      }
    }
    return -1;
  }

  static JavascriptExecutor js(ChromeDriver d) {
    return d;
  }

  static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  static String jsString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @SuppressWarnings("unchecked")
  static String json(Object o) {
    if (o instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, v) -> parts.add(jsString(String.valueOf(k)) + ":" + json(v)));
      return "{" + String.join(",", parts) + "}";
    }
    if (o instanceof List<?> l) {
      return "[" + String.join(",", l.stream().map(ConsoleBench::json).toList()) + "]";
    }
    if (o == null || o instanceof Number || o instanceof Boolean) {
      return String.valueOf(o);
    }
    return jsString(String.valueOf(o));
  }
}

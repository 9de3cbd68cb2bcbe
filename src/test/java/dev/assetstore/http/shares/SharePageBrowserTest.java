package dev.assetstore.http.shares;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.HeadlessChromium;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The share page {@code GET /s/<token>} in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) against a real server: password and
 * email prompts, folder browsing, downloads checked byte for byte, the messages for dead links, and
 * the page working under its own Content-Security-Policy.
 *
 * <p>Without Chromium this test fails (it is never skipped): install it with {@code apt-get install
 * chromium chromium-driver}, or point {@code CHROME_BIN} and {@code CHROMEDRIVER} at a browser and
 * its driver.
 */
@Tag("browser")
@Timeout(300)
class SharePageBrowserTest {
  static final String PASSWORD = "correct horse battery";
  static final Duration WAIT = Duration.ofSeconds(20);

  static TestServer server;
  static Http http;
  static Http anonymous;
  static HeadlessChromium chromium;
  static ChromeDriver driver;
  static Path downloads;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    http = server.http;
    anonymous = http.as(null);
    chromium = HeadlessChromium.start("The share page browser test", 1200, 900);
    driver = chromium.driver;
    downloads = chromium.downloads;
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @BeforeEach
  void freshPage() {
    driver.get("about:blank");
    driver.manage().logs().get(LogType.BROWSER); // drain what earlier tests left
  }

  @AfterEach
  void pageObeyedItsPolicy() {
    assertNoPolicyViolations();
  }

  // ---- scenario A: a password-protected folder share

  @Test
  void passwordFolderShareBrowseAndDownload() throws Exception {
    String rootName = "Project-A";
    String root = server.createFolder(rootName, null);
    String sub = server.createFolder("Drawings", root);
    byte[] readme = "read me first\n".getBytes(StandardCharsets.UTF_8);
    byte[] plan = new byte[300_000];
    new Random(7).nextBytes(plan);
    byte[] notes = "notes in the subfolder\n".getBytes(StandardCharsets.UTF_8);
    upload(root, "readme-a.txt", readme);
    upload(sub, "plan-a.bin", plan);
    upload(sub, "notes-a.txt", notes);

    JsonNode share = createShare(Map.of("folder", root, "password", PASSWORD));
    String url = pageUrl(share);

    // The headers the page is served with, and the script and style beside it.
    Http.Resp page = anonymous.get(new java.net.URI(url).getPath());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertSecurityHeaders(page);
    assertThat(page.text()).doesNotContain("<style").doesNotContainPattern("<script>|\\son\\w+=");
    Http.Resp js = anonymous.get("/s-static/share.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).contains("javascript");
    assertSecurityHeaders(js);
    Http.Resp css = anonymous.get("/s-static/share.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).startsWith("text/css");

    driver.get(url);
    WebElement password = waitVisible(By.id("password"));
    assertThat(statusText()).contains("protected by a password");
    assertThat(driver.findElement(By.id("email")).isDisplayed())
        .as("the email field is not asked for on a password-only share")
        .isFalse();
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();

    password.sendKeys("not the password");
    driver.findElement(By.id("open")).click();
    waitStatusContains("not right");
    assertThat(driver.findElement(By.id("status")).getAttribute("class")).contains("error");
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("email")).isDisplayed()).isFalse();

    password = driver.findElement(By.id("password"));
    assertThat(driver.switchTo().activeElement())
        .as("the cursor is back in the field")
        .isEqualTo(password);
    password.clear();
    password.sendKeys(PASSWORD);
    password.submit();
    wait(d -> rowNames().size() == 2);
    assertThat(driver.findElement(By.id("unlock")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo(rootName);
    assertThat(rowNames()).containsExactly("Drawings/", "readme-a.txt");
    assertThat(statusText()).isEmpty();

    // Into the subfolder; the breadcrumb shows where we are.
    driver.findElement(By.linkText("Drawings/")).click();
    wait(d -> rowNames().contains("plan-a.bin"));
    assertThat(rowNames()).containsExactlyInAnyOrder("notes-a.txt", "plan-a.bin");
    assertThat(driver.findElement(By.id("crumbs")).getText())
        .contains(rootName)
        .contains("Drawings");
    assertThat(driver.findElement(By.cssSelector("#crumbs [aria-current]")).getText())
        .isEqualTo("Drawings /");
    assertThat(driver.findElement(By.id("download-all")).getText()).contains("this folder");

    driver.findElement(By.linkText("plan-a.bin")).click();
    assertThat(sha256(chromium.download("plan-a.bin"))).isEqualTo(sha256(plan));

    // Back to the top through the breadcrumb; "download everything" is the whole share as a ZIP.
    driver.findElement(By.partialLinkText(rootName)).click();
    wait(d -> rowNames().contains("readme-a.txt"));
    WebElement all = driver.findElement(By.id("download-all"));
    assertThat(all.isDisplayed()).isTrue();
    assertThat(all.getText()).isEqualTo("Download everything (ZIP)");
    all.click();
    Map<String, String> zip = zipHashes(chromium.download(rootName + ".zip"));
    assertThat(zip)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                rootName + "/readme-a.txt", sha256(readme),
                rootName + "/Drawings/plan-a.bin", sha256(plan),
                rootName + "/Drawings/notes-a.txt", sha256(notes)));

    assertOnlyOwnOrigin();
    JsonNode stats = http.get("/api/share/" + share.get("id").asText()).json().get("statistics");
    assertThat(stats.get("views").asInt()).isEqualTo(1);
    waitFor(
        () -> http.get("/api/share/" + share.get("id").asText()).json(),
        s -> s.get("statistics").get("downloads").asInt() == 2);
  }

  // ---- scenario B: an asset share for named recipients

  @Test
  void recipientAssetShareAsksForEmail() throws Exception {
    byte[] report = new byte[70_000];
    new Random(11).nextBytes(report);
    String asset = upload(null, "report-b.pdf", report);
    String message = "Here is the <b>report</b> you asked for";
    JsonNode share =
        createShare(
            Map.of(
                "asset", asset, "recipients", List.of("visitor@example.com"), "message", message));

    driver.get(pageUrl(share));
    WebElement email = waitVisible(By.id("email"));
    assertThat(statusText()).contains("named recipients");
    assertThat(driver.findElement(By.id("password")).isDisplayed())
        .as("no password is asked for on a share without one")
        .isFalse();

    email.sendKeys("stranger@example.com");
    driver.findElement(By.id("open")).click();
    waitStatusContains("not on the list");
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();

    email = driver.findElement(By.id("email"));
    email.clear();
    email.sendKeys("Visitor@Example.com");
    driver.findElement(By.id("open")).click();
    wait(d -> rowNames().contains("report-b.pdf"));
    assertThat(rowNames()).containsExactly("report-b.pdf");
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo("report-b.pdf");
    // The sender's message is shown as text, never as markup.
    WebElement shown = driver.findElement(By.id("message"));
    assertThat(shown.isDisplayed()).isTrue();
    assertThat(shown.getText()).isEqualTo(message);
    assertThat(shown.findElements(By.tagName("b"))).isEmpty();
    assertThat(driver.findElement(By.id("download-all")).isDisplayed()).isFalse();
    // A one-file share says how to get it: a Download button with the size, to the same file.
    WebElement one = driver.findElement(By.id("download-one"));
    assertThat(one.isDisplayed()).isTrue();
    assertThat(one.getText()).isEqualTo("Download (68.4 KB)");
    assertThat(one.getAttribute("href"))
        .isEqualTo(driver.findElement(By.linkText("report-b.pdf")).getAttribute("href"));

    driver.findElement(By.linkText("report-b.pdf")).click();
    assertThat(sha256(chromium.download("report-b.pdf"))).isEqualTo(sha256(report));
    assertOnlyOwnOrigin();
  }

  /** Both a password and recipients: the page asks for one, then the other, and keeps both. */
  @Test
  void passwordAndRecipientsAskedInTurn() throws Exception {
    byte[] bytes = "both locks".getBytes(StandardCharsets.UTF_8);
    String asset = upload(null, "both-b.txt", bytes);
    JsonNode share =
        createShare(
            Map.of("asset", asset, "password", PASSWORD, "recipients", List.of("pat@example.com")));

    driver.get(pageUrl(share));
    WebElement password = waitVisible(By.id("password"));
    assertThat(password.getAccessibleName()).isEqualTo("Password");
    assertThat(driver.findElement(By.id("email")).isDisplayed()).isFalse();
    password.sendKeys(PASSWORD);
    driver.findElement(By.id("open")).click();

    WebElement email = waitVisible(By.id("email"));
    assertThat(email.getAccessibleName()).isEqualTo("Your email address");
    assertThat(statusText()).contains("named recipients");
    assertThat(driver.switchTo().activeElement()).isEqualTo(email);
    assertThat(password.isDisplayed()).isTrue();
    assertThat(password.getAttribute("value")).isEqualTo(PASSWORD);
    email.sendKeys("pat@example.com");
    driver.findElement(By.id("open")).click();

    wait(d -> rowNames().contains("both-b.txt"));
    assertThat(driver.findElement(By.id("unlock")).isDisplayed()).isFalse();
    driver.findElement(By.linkText("both-b.txt")).click();
    assertThat(sha256(chromium.download("both-b.txt"))).isEqualTo(sha256(bytes));
  }

  // ---- scenario C: the messages for links that no longer open

  @Test
  void deletedShareSaysSo() {
    String asset = upload(null, "gone-c.txt", "gone".getBytes(StandardCharsets.UTF_8));
    JsonNode share = createShare(Map.of("asset", asset));
    assertThat(http.delete("/api/share/" + share.get("id").asText()).status()).isEqualTo(204);
    assertDeadLink(pageUrl(share), "does not exist or was revoked");
  }

  @Test
  void unknownTokenSaysSo() {
    assertDeadLink(
        http.base + "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "does not exist or was revoked");
  }

  @Test
  void expiredShareSaysSo() throws Exception {
    String asset = upload(null, "late-c.txt", "late".getBytes(StandardCharsets.UTF_8));
    Instant expires = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
    JsonNode share = createShare(Map.of("asset", asset, "expires", expires.toString()));
    // Still open before it expires.
    assertThat(redeem(share, Map.of()).status()).isEqualTo(200);
    while (!Instant.now().isAfter(expires.plusMillis(300))) {
      Thread.sleep(100);
    }
    assertDeadLink(pageUrl(share), "expired");
    assertThat(statusText()).isEqualTo("This link has expired.");
  }

  @Test
  void usedUpShareSaysSo() {
    byte[] bytes = "only once".getBytes(StandardCharsets.UTF_8);
    String asset = upload(null, "once-c.txt", bytes);
    JsonNode share = createShare(Map.of("asset", asset, "max_downloads", 1));
    Http.Resp grant = redeem(share, Map.of());
    assertThat(grant.status()).isEqualTo(200);
    String access = grant.json().get("access_token").asText();
    Http.Resp dl =
        anonymous.get(
            "/api/share/access/download?id=" + asset, "Authorization", "Bearer " + access);
    assertThat(dl.status()).isEqualTo(200);
    assertThat(dl.body()).isEqualTo(bytes);
    waitFor(
        () -> http.get("/api/share/" + share.get("id").asText()).json(),
        s -> s.get("statistics").get("downloads").asInt() == 1);
    assertDeadLink(pageUrl(share), "used up");
    assertThat(statusText()).isEqualTo("This link's downloads are used up.");
  }

  /** A folder share whose only download is spent while the visitor is still on the page. */
  @Test
  void downloadsUsedUpWhileBrowsing() throws Exception {
    String root = server.createFolder("Once-C", null);
    String sub = server.createFolder("Inner", root);
    byte[] bytes = "the one download".getBytes(StandardCharsets.UTF_8);
    upload(root, "once-browse-c.txt", bytes);
    upload(sub, "never-c.txt", "x".getBytes(StandardCharsets.UTF_8));
    JsonNode share = createShare(Map.of("folder", root, "max_downloads", 1));

    driver.get(pageUrl(share));
    wait(d -> rowNames().contains("once-browse-c.txt"));
    driver.findElement(By.linkText("once-browse-c.txt")).click();
    assertThat(sha256(chromium.download("once-browse-c.txt"))).isEqualTo(sha256(bytes));
    waitFor(
        () -> http.get("/api/share/" + share.get("id").asText()).json(),
        s -> s.get("statistics").get("downloads").asInt() == 1);

    driver.findElement(By.linkText("Inner/")).click();
    waitStatusContains("used up");
    assertThat(statusText()).isEqualTo("This link's downloads are used up.");
    assertThat(driver.findElement(By.id("status")).getAttribute("class")).contains("error");
  }

  @Test
  void throttledShareSaysSo() {
    String asset = upload(null, "guarded-c.txt", "guarded".getBytes(StandardCharsets.UTF_8));
    JsonNode share = createShare(Map.of("asset", asset, "password", PASSWORD));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(redeem(share, Map.of("password", "guess number " + i)).status());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
    assertDeadLink(pageUrl(share), "Too many attempts");
    assertThat(statusText()).containsPattern("Try again in about \\d+ minutes?");
  }

  /** The policy is really enforced in the browser, and the checks above would see a violation. */
  @Test
  void inlineScriptIsRefusedByThePolicy() {
    String asset = upload(null, "policy-c.txt", "p".getBytes(StandardCharsets.UTF_8));
    driver.get(pageUrl(createShare(Map.of("asset", asset))));
    wait(d -> rowNames().contains("policy-c.txt"));
    driver.executeScript(
        "var s = document.createElement('script');"
            + "s.textContent = 'window.__inlineRan = true';"
            + "document.body.appendChild(s);");
    wait(d -> !chromium.violations().isEmpty());
    assertThat(driver.executeScript("return window.__inlineRan === true")).isEqualTo(false);
    assertThat(chromium.violations()).anyMatch(v -> v.startsWith("script-src"));
    assertThat(chromium.scriptProblems()).isNotEmpty();
    driver.executeScript("window.__csp = []");
  }

  // ---- scenario: uploaded HTML and SVG never run in our origin

  /**
   * Uploaded active content with script in it: a recipient's click downloads it, opening the link
   * directly (even with {@code inline=true}) downloads it too, and when the owner does get it
   * inline it renders in a sandbox where its script does not run. Had any of it run in our origin
   * it would have left a mark in this origin's localStorage.
   */
  @Test
  void uploadedHtmlAndSvgNeverRunInOurOrigin() throws Exception {
    String folder = server.createFolder("Active-X", null);
    byte[] html =
        ("<!doctype html><title>uploaded page</title><p id=\"p\">uploaded</p>"
                + "<script>localStorage.setItem('pwned', 'html'); document.title = 'pwned';"
                + "</script><img src=x onerror=\"localStorage.setItem('pwned', 'img')\">")
            .getBytes(StandardCharsets.UTF_8);
    byte[] svg =
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"localStorage.setItem('pwned',"
                + " 'svg')\"><script>localStorage.setItem('pwned', 'svg-script')</script></svg>")
            .getBytes(StandardCharsets.UTF_8);
    String htmlId = uploadTyped(folder, "evil-x.html", "text/html", html);
    uploadTyped(folder, "evil-x.svg", "image/svg+xml", svg);
    JsonNode share = createShare(Map.of("folder", folder));

    driver.get(pageUrl(share));
    wait(d -> rowNames().size() == 2);
    driver.executeScript("localStorage.removeItem('pwned')");
    String htmlLink = driver.findElement(By.linkText("evil-x.html")).getAttribute("href");
    String svgLink = driver.findElement(By.linkText("evil-x.svg")).getAttribute("href");
    driver.findElement(By.linkText("evil-x.html")).click();
    assertThat(sha256(chromium.download("evil-x.html"))).isEqualTo(sha256(html));

    // Opened as a page, asking for inline: still an attachment (a share token is not the owner).
    driver.get(svgLink + "&inline=true");
    assertThat(sha256(chromium.download("evil-x.svg"))).isEqualTo(sha256(svg));
    Files.delete(downloads.resolve("evil-x.html"));
    driver.get(htmlLink + "&inline=true");
    assertThat(sha256(chromium.download("evil-x.html"))).isEqualTo(sha256(html));

    // The owner asks for inline (the key sent as a header): rendered, but sandboxed.
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.setExtraHTTPHeaders",
        Map.of("headers", Map.of("X-API-Key", TestServer.ADMIN_KEY)));
    try {
      driver.get(http.base + "/api/store/asset/download?inline=true&id=" + htmlId);
      wait(d -> "uploaded".equals(d.findElement(By.id("p")).getText()));
      assertThat(driver.getTitle())
          .as("the page rendered, its script did not run")
          .isEqualTo("uploaded page");
    } finally {
      driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
      driver.executeCdpCommand("Network.disable", Map.of());
    }

    driver.get(pageUrl(share));
    wait(d -> rowNames().size() == 2);
    assertThat(driver.executeScript("return localStorage.getItem('pwned')"))
        .as("uploaded script ran in our origin")
        .isNull();
    // Console lines left are the sandboxed download's blocked image, none of the page's own.
    assertThat(chromium.scriptProblems())
        .allMatch(l -> l.contains("/api/store/asset/download?inline=true"));
  }

  static String uploadTyped(String folder, String name, String type, byte[] bytes) {
    Http.Resp r =
        http.upload(
            "?folder=" + folder,
            name,
            type,
            java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes),
            Map.of(),
            Map.of());
    assertThat(r.status()).as("upload %s: %s", name, r.text()).isEqualTo(201);
    assertThat(r.json().get("content_type").asText()).isEqualTo(type);
    return r.json().get("id").asText();
  }

  // ---- helpers

  static void assertSecurityHeaders(Http.Resp r) {
    String csp = r.header("Content-Security-Policy");
    assertThat(csp)
        .isNotNull()
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval")
        .doesNotContain("*");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
  }

  void assertDeadLink(String url, String expected) {
    driver.get(url);
    waitStatusContains(expected);
    assertThat(driver.findElement(By.id("status")).getAttribute("class")).contains("error");
    assertThat(driver.findElement(By.id("unlock")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();
  }

  static String upload(String folder, String name, byte[] bytes) {
    Http.Resp r =
        http.upload(folder == null ? "" : "?folder=" + folder, name, bytes, Map.of("name", name));
    assertThat(r.status()).as("upload %s: %s", name, r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static JsonNode createShare(Map<String, Object> body) {
    Http.Resp r = http.json("POST", "/api/share/", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode j = r.json();
    assertThat(j.get("access_url").asText()).endsWith("/s/" + j.get("token").asText());
    return j;
  }

  static Http.Resp redeem(JsonNode share, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("token", share.get("token").asText());
    return anonymous.json("POST", "/api/share/get_access", body);
  }

  /** The share's access_url, on the address the test server listens on. */
  static String pageUrl(JsonNode share) {
    return http.base + java.net.URI.create(share.get("access_url").asText()).getRawPath();
  }

  static <T> T wait(org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
    return new WebDriverWait(driver, WAIT).until(c);
  }

  static WebElement waitVisible(By by) {
    return wait(ExpectedConditions.visibilityOfElementLocated(by));
  }

  static void waitStatusContains(String text) {
    try {
      wait(d -> statusText().contains(text));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "the page never said \"" + text + "\"; it says \"" + statusText() + "\"", e);
    }
  }

  static String statusText() {
    WebElement s = driver.findElement(By.id("status"));
    return s.isDisplayed() ? s.getText().trim() : "";
  }

  /**
   * The names of the listing rows' links, in order (none while the listing is hidden), read in one
   * script call so a listing being replaced cannot be read half-way.
   */
  @SuppressWarnings("unchecked")
  static List<String> rowNames() {
    return (List<String>)
        driver.executeScript(
            "var c = document.getElementById('content');"
                + "if (!c || c.hidden || !c.offsetParent) { return []; }"
                + "return Array.prototype.map.call(document.querySelectorAll('#items li a'),"
                + "  function (a) { return a.textContent.trim(); });");
  }

  static <T> void waitFor(java.util.function.Supplier<T> get, java.util.function.Predicate<T> ok) {
    long end = System.nanoTime() + WAIT.toNanos();
    T last = get.get();
    while (!ok.test(last)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached; last value: " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = get.get();
    }
  }

  static String sha256(Path p) throws Exception {
    return sha256(Files.readAllBytes(p));
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** File entry name → SHA-256 of its bytes. */
  static Map<String, String> zipHashes(Path zip) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (var in =
        new ZipInputStream(
            new ByteArrayInputStream(Files.readAllBytes(zip)), StandardCharsets.UTF_8)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (!e.isDirectory()) {
          out.put(e.getName(), sha256(in.readAllBytes()));
        }
      }
    }
    return out;
  }

  /** No CSP violation reported by the document, and none (nor a script error) in the console. */
  static void assertNoPolicyViolations() {
    String url = driver.getCurrentUrl();
    if (url == null || !url.startsWith(http.base)) {
      return;
    }
    assertThat(chromium.violations()).as("CSP violations on %s", url).isEmpty();
    assertThat(chromium.scriptProblems()).as("console on %s", url).isEmpty();
  }

  /** Everything the page loaded came from the server itself: the token goes nowhere else. */
  @SuppressWarnings("unchecked")
  static void assertOnlyOwnOrigin() {
    List<String> loaded =
        (List<String>)
            driver.executeScript(
                "return performance.getEntriesByType('resource').map(function (e) {"
                    + " return e.name; })");
    assertThat(loaded).isNotEmpty().allMatch(u -> u.startsWith(http.base + "/"));
  }
}

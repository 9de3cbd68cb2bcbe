package dev.assetstore.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console end to end in a real headless Chromium against a real server: sign-in with a key
 * and with a password, folders, uploads by the file input and by a dropped folder tree, the grid,
 * rename, move, delete, a ZIP of a selection, a password share with one download opened in a second
 * browser, revoking, an API key shown once, error messages, axe-core on every view and screenshots.
 * The steps share one store and one browser, so they run in order.
 */
@Tag("browser")
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final String PASSWORD = "a long enough password";
  static TestServer server;
  static Http http;
  static Chromium b;
  static String base;
  static String projects;
  static final Map<String, byte[]> uploaded = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    http = server.http;
    base = http.base;
    Logins.createUser(http, "editor", PASSWORD, "store:read", "store:write", "store:share");
    b = new Chromium();
  }

  @AfterAll
  static void stop() {
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  // ---- the page itself

  @Test
  @Order(1)
  void rootRedirectsAndConsoleIsServedUnderStrictHeaders() {
    Http anon = http.as(null);
    Http.Resp root = anon.get("/");
    assertThat(root.status()).isEqualTo(302);
    assertThat(root.header("Location")).isEqualTo("/app/");
    for (String p : List.of("/app/", "/app", "/app/folder/x", "/app/asset/y", "/app/shares")) {
      Http.Resp page = anon.get(p);
      assertThat(page.status()).as(p).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.text()).contains("/app/static/main.js").doesNotContain("<style");
      assertThat(page.text()).doesNotContainPattern("<script>|\\son\\w+=");
      assertSecurityHeaders(page);
    }
    Http.Resp js = anon.get("/app/static/main.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).startsWith("text/javascript");
    assertSecurityHeaders(js);
    String etag = js.header("ETag");
    assertThat(etag).isNotBlank();
    assertThat(anon.get("/app/static/main.js", "If-None-Match", etag).status()).isEqualTo(304);
    assertThat(anon.get("/app/static/app.css").header("Content-Type")).startsWith("text/css");
    assertThat(anon.get("/app/static/nothing.js").status()).isEqualTo(404);
    assertThat(anon.get("/app/static/../../openapi.json").status()).isEqualTo(404);
    assertThat(anon.get("/app/sw.js").header("Content-Type")).startsWith("text/javascript");
  }

  // ---- sign-in

  @Test
  @Order(2)
  void signInWithAKey() throws Exception {
    b.driver.get(base + "/");
    b.visible("#username");
    assertThat(b.driver.getCurrentUrl()).isEqualTo(base + "/app/");
    b.shot("signin");
    b.axe("sign-in");
    b.driver.findElement(By.id("tab-key")).click();
    WebElement key = b.visible("#api-key");
    assertThat(b.driver.findElement(By.cssSelector("label[for=api-key]")).getText())
        .isEqualTo("API key");
    // A person with a fresh install is told where the bootstrap admin key is.
    assertThat(b.driver.findElement(By.id("bootstrap-hint")).getText())
        .contains("data/bootstrap-admin-key");
    b.shot("signin-key");
    key.sendKeys("sla_live_not-a-real-key-000000000000000000000000000");
    b.driver.findElement(By.id("signin")).click();
    b.wait(d -> d.findElement(By.id("signin-error")).isDisplayed());
    assertThat(b.driver.findElement(By.id("signin-error")).getText()).contains("not accepted");
    assertThat(key.getAttribute("value")).as("the form keeps its input").startsWith("sla_live_");
    key.clear();
    key.sendKeys(TestServer.ADMIN_KEY);
    b.driver.findElement(By.id("signin")).click();
    b.visible("#items");
    b.wait(d -> statusText().contains("empty"));
    assertThat(b.js("return localStorage.length")).isEqualTo(0L);
    // A reload keeps the tab signed in (the key is in this tab's sessionStorage).
    b.driver.navigate().refresh();
    b.visible("#items");
    assertThat(b.driver.findElements(By.id("signin"))).isEmpty();
  }

  @Test
  @Order(3)
  void createAFolderAndSeeTheConflictInWords() throws Exception {
    b.driver.findElement(By.id("new-folder")).click();
    WebElement name = b.visible("dialog input");
    name.sendKeys("Projects", Keys.ENTER);
    b.wait(d -> rowNames().contains("Projects"));
    projects =
        http.get("/api/store/folder/?parent__isnull=true&name=Projects")
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();
    // The same name again: the server's 409 is shown in the dialog, which keeps the name.
    b.driver.findElement(By.id("new-folder")).click();
    name = b.visible("dialog input");
    name.sendKeys("Projects", Keys.ENTER);
    WebElement err = b.visible("dialog p.error");
    assertThat(err.getText()).isNotBlank();
    assertThat(name.getAttribute("value")).isEqualTo("Projects");
    b.shot("new-folder-error");
    b.axe("new folder dialog");
    name.sendKeys(Keys.ESCAPE);
    b.wait(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
  }

  @Test
  @Order(4)
  void uploadThreeFilesThroughTheFileInput() throws Exception {
    openRow("Projects");
    b.wait(d -> d.getCurrentUrl().endsWith("/app/folder/" + projects));
    b.wait(d -> statusText().contains("empty"));
    Path dir = Files.createTempDirectory("console-upload");
    List<String> paths = new java.util.ArrayList<>();
    Random r = new Random(18);
    byte[] png = pngBytes();
    uploaded.put("picture.png", png);
    byte[] bin = new byte[700_000];
    r.nextBytes(bin);
    uploaded.put("data.bin", bin);
    uploaded.put("notes.txt", "first line\nsecond line\n".getBytes(StandardCharsets.UTF_8));
    for (var e : uploaded.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.write(p, e.getValue());
      paths.add(p.toString());
    }
    WebElement input = b.driver.findElement(By.id("pick-files"));
    b.js("arguments[0].hidden = false", input);
    input.sendKeys(String.join("\n", paths));
    b.js("arguments[0].hidden = true", input);
    b.wait(d -> rowNames().containsAll(uploaded.keySet()));
    b.wait(d -> b.driver.findElements(By.cssSelector(".up-item[data-state=done]")).size() == 3);
    assertThat(b.driver.findElement(By.cssSelector(".up-summary")).getText())
        .contains("3 of 3 files done");
    for (var e : uploaded.entrySet()) {
      JsonNode a = assetNamed(projects, e.getKey());
      assertThat(a.get("sha256").asText()).as(e.getKey()).isEqualTo(sha256(e.getValue()));
    }
    // All done: the panel folds to its one-line summary; "Show" opens it again.
    b.wait(d -> d.findElement(By.id("uploads")).getAttribute("class").contains("collapsed"));
    b.shot("uploads");
    b.axe("uploads");
    b.driver.findElement(By.xpath("//section[@id='uploads']//button[. = 'Show']")).click();

    // A taken name with "ask me": the server's refusal in words, then the person keeps both.
    new Select(b.driver.findElement(By.id("conflict-mode"))).selectByValue("error");
    b.js("arguments[0].hidden = false", input);
    input.sendKeys(dir.resolve("notes.txt").toString());
    b.js("arguments[0].hidden = true", input);
    WebElement clash = b.visible(".up-item[data-state=conflict]");
    assertThat(clash.findElement(By.cssSelector(".up-status")).getText())
        .contains("Keep both, or skip");
    b.shot("upload-conflict");
    clash.findElement(By.xpath(".//button[. = 'Keep both']")).click();
    b.wait(d -> rowNames().contains("notes (1).txt"));
    assertThat(
            http.delete(
                    "/api/store/asset/" + assetNamed(projects, "notes (1).txt").get("id").asText())
                .status())
        .isEqualTo(204);
    b.wait(d -> d.findElement(By.id("uploads")).getAttribute("class").contains("collapsed"));
    b.driver.findElement(By.xpath("//section[@id='uploads']//button[. = 'Show']")).click();
    new Select(b.driver.findElement(By.id("conflict-mode"))).selectByValue("rename");
    b.driver
        .findElement(By.xpath("//section[@id='uploads']//button[. = 'Clear finished']"))
        .click();
    b.wait(d -> d.findElements(By.cssSelector(".up-item")).isEmpty());
    TestServer.deleteRecursively(dir);
  }

  @Test
  @Order(5)
  void dropAFolderTreeAndItIsRecreated() throws Exception {
    // A drop of a folder as Chromium delivers it: entries (webkitGetAsEntry) for a directory tree.
    b.js(
        "const mk = (n, t) => new File([t], n, {type: 'text/plain'});"
            + "const file = (f) => ({isFile: true, isDirectory: false, name: f.name,"
            + "  file: (ok) => ok(f)});"
            + "const dir = (name, kids) => ({isFile: false, isDirectory: true, name,"
            + "  createReader: () => { let done = false;"
            + "    return {readEntries: (ok) => { ok(done ? [] : kids); done = true; }}; }});"
            + "const tree = dir('Tree', [file(mk('top.txt', 'top level')),"
            + "  dir('Inner', [file(mk('deep.txt', 'deep inside')), file(mk('more.txt', 'more'))])]);"
            + "const dt = new DataTransfer();"
            + "dt.items.add(mk('ignored', ''));"
            + "const ev = new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt});"
            + "Object.defineProperty(ev, 'dataTransfer', {value: {types: ['Files'],"
            + "  items: [{kind: 'file', webkitGetAsEntry: () => tree}], files: [],"
            + "  getData: () => ''}});"
            + "document.querySelector('.browse').dispatchEvent(ev);");
    b.wait(d -> rowNames().contains("Tree"));
    b.wait(d -> b.driver.findElements(By.cssSelector(".up-item[data-state=done]")).size() == 3);
    String tree = folderNamed(projects, "Tree");
    String inner = folderNamed(tree, "Inner");
    assertThat(assetNamed(tree, "top.txt").get("sha256").asText()).isEqualTo(sha256("top level"));
    assertThat(assetNamed(inner, "deep.txt").get("sha256").asText())
        .isEqualTo(sha256("deep inside"));
    assertThat(assetNamed(inner, "more.txt").get("size").asInt()).isEqualTo(4);
    // All done: the panel folds to its one-line summary instead of staying over the files.
    b.wait(d -> d.findElement(By.id("uploads")).getAttribute("class").contains("collapsed"));
    assertThat(b.driver.findElement(By.cssSelector("#uploads .up-list")).isDisplayed()).isFalse();
  }

  @Test
  @Order(6)
  void gridShowsPreviewsOrTypeIcons() throws Exception {
    b.driver.findElement(By.cssSelector("[aria-label='Grid view']")).click();
    b.wait(d -> d.findElement(By.id("items")).getAttribute("class").contains("grid"));
    boolean previews =
        http.get(
                    "/api/store/asset/"
                        + assetNamed(projects, "picture.png").get("id").asText()
                        + "/preview?w=64&h=64")
                .status()
            == 200;
    if (previews) {
      b.wait(
          d ->
              (Boolean)
                  b.js(
                      "const i = document.querySelector('#items img');"
                          + "return !!i && i.complete && i.naturalWidth > 0;"));
    } else {
      // Without previews on the server, each file shows its type instead of a broken image.
      b.wait(d -> b.driver.findElements(By.cssSelector("#items img")).isEmpty());
      assertThat(b.driver.findElements(By.cssSelector("#items .badge.k-image"))).hasSize(1);
    }
    b.shot("grid");
    b.axe("grid");
    b.driver.findElement(By.cssSelector("[aria-label='List view']")).click();
  }

  @Test
  @Order(7)
  void renameWithF2() throws Exception {
    clickRow("notes.txt");
    new Actions(b.driver).sendKeys(Keys.F2).perform();
    WebElement name = b.visible("dialog input");
    assertThat(name.getAttribute("value")).isEqualTo("notes.txt");
    name.clear();
    name.sendKeys("read-me.txt", Keys.ENTER);
    b.wait(d -> rowNames().contains("read-me.txt") && !rowNames().contains("notes.txt"));
    assertThat(assetNamed(projects, "read-me.txt").get("size").asInt()).isEqualTo(23);
    // Renaming onto a taken name: the server's refusal, in words, in the dialog.
    clickRow("read-me.txt");
    new Actions(b.driver).sendKeys(Keys.F2).perform();
    name = b.visible("dialog input");
    name.clear();
    name.sendKeys("data.bin", Keys.ENTER);
    assertThat(b.visible("dialog p.error").getText()).isNotBlank();
    assertThat(name.getAttribute("value")).isEqualTo("data.bin");
    name.sendKeys(Keys.ESCAPE);
  }

  @Test
  @Order(8)
  void moveWithTheDialog() throws Exception {
    clickRow("read-me.txt");
    b.driver.findElement(By.id("sel-move")).click();
    b.visible("dialog .picker");
    b.wait(d -> !d.findElements(By.xpath("//dialog//button[contains(., 'Projects')]")).isEmpty());
    b.driver.findElement(By.xpath("//dialog//button[contains(., 'Projects')]")).click();
    b.wait(d -> !d.findElements(By.xpath("//dialog//button[contains(., 'Tree')]")).isEmpty());
    b.driver.findElement(By.xpath("//dialog//button[contains(., 'Tree')]")).click();
    b.wait(d -> d.findElement(By.cssSelector("dialog .picker-path")).getText().endsWith("Tree"));
    b.shot("move-dialog");
    b.axe("move dialog");
    b.driver.findElement(By.xpath("//dialog//button[. = 'Move here']")).click();
    b.wait(d -> !rowNames().contains("read-me.txt"));
    String tree = folderNamed(projects, "Tree");
    assertThat(assetNamed(tree, "read-me.txt")).isNotNull();
  }

  @Test
  @Order(9)
  void deleteAFolderSaysWhatGoes() throws Exception {
    clickRow("Tree");
    new Actions(b.driver).sendKeys(Keys.DELETE).perform();
    WebElement dlg = b.visible("dialog[open]");
    b.wait(d -> dlg.getText().contains("inside"));
    // Tree holds top.txt and read-me.txt, and Inner with two files: 4 files and 1 folder.
    assertThat(dlg.getText()).contains("This also deletes 4 files and 1 folder inside");
    b.shot("delete-confirm");
    b.axe("delete confirmation");
    String tree = folderNamed(projects, "Tree");
    dlg.findElement(By.xpath(".//button[. = 'Delete']")).click();
    b.wait(d -> !rowNames().contains("Tree"));
    assertThat(http.get("/api/store/folder/" + tree).status()).isEqualTo(404);
  }

  @Test
  @Order(10)
  void multiSelectDownloadsAZip() throws Exception {
    clickRow("picture.png");
    WebElement bin = row("data.bin");
    new Actions(b.driver).keyDown(Keys.CONTROL).click(bin).keyUp(Keys.CONTROL).perform();
    b.wait(
        d -> d.findElement(By.cssSelector(".selbar .count")).getText().equals("2 items selected"));
    // Only buttons in the selection bar (a skipped button once showed as the text "false"), and
    // the file inputs behind "Upload files" / "Upload folder" are never shown themselves.
    assertThat(b.driver.findElement(By.cssSelector(".selbar")).getText()).doesNotContain("false");
    assertThat(b.driver.findElement(By.id("pick-files")).isDisplayed()).isFalse();
    assertThat(b.driver.findElement(By.id("pick-folder")).isDisplayed()).isFalse();
    b.shot("selection");
    b.axe("selection");
    // The ZIP streams to disk through the service worker: the page never holds it as a blob
    // (a blob: URL made now would fail the download), and no ZIP came before.
    assertThat(b.js("return !!navigator.serviceWorker.controller")).isEqualTo(true);
    assertThat(newestZip()).isNull();
    b.js(
        "window.__blobUrl = URL.createObjectURL;"
            + "URL.createObjectURL = () => { throw new Error('download held in memory'); };");
    b.driver.findElement(By.id("sel-download")).click();
    Path zip = b.wait(d -> newestZip());
    b.js("URL.createObjectURL = window.__blobUrl;");
    Map<String, String> entries = zipHashes(zip);
    assertThat(entries)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "picture.png", sha256(uploaded.get("picture.png")),
                "data.bin", sha256(uploaded.get("data.bin"))));
    // Ctrl+A selects everything in the folder.
    new Actions(b.driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
    b.wait(
        d -> d.findElement(By.cssSelector(".selbar .count")).getText().equals("2 items selected"));
    new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
  }

  @Test
  @Order(11)
  void previewShowsTheFileAndItsDetails() throws Exception {
    b.driver.get(base + "/app/asset/" + assetNamed(projects, "data.bin").get("id").asText());
    WebElement pv = b.visible("#preview");
    b.wait(d -> pv.getText().contains("SHA-256"));
    assertThat(pv.getText()).contains(sha256(uploaded.get("data.bin"))).contains("700,000 bytes");
    // The description is saved, and a reload of the deep link shows it.
    WebElement desc = b.driver.findElement(By.id("pv-desc"));
    desc.sendKeys("Random bytes for the test");
    b.driver.findElement(By.id("pv-tags")).sendKeys("test, random");
    b.driver.findElement(By.cssSelector(".meta-form button[type=submit]")).click();
    b.wait(
        d ->
            "Random bytes for the test"
                .equals(
                    http.get(
                            "/api/store/asset/"
                                + assetNamed(projects, "data.bin").get("id").asText())
                        .json()
                        .path("description")
                        .asText()));
    b.shot("preview");
    b.axe("preview");
    b.driver.navigate().refresh();
    b.wait(d -> b.visible("#preview").getText().contains("SHA-256"));
    assertThat(b.driver.findElement(By.id("pv-desc")).getAttribute("value"))
        .isEqualTo("Random bytes for the test");
    new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
    b.wait(d -> d.findElements(By.id("preview")).isEmpty());
    assertThat(b.driver.getCurrentUrl()).endsWith("/app/folder/" + projects);
  }

  @Test
  @Order(12)
  void passwordShareWithOneDownload() throws Exception {
    clickRow("data.bin");
    b.driver.findElement(By.id("sel-share")).click();
    b.visible("#share-dialog");
    b.driver.findElement(By.id("share-password")).sendKeys("short");
    b.driver.findElement(By.id("share-max")).sendKeys("1");
    b.driver.findElement(By.xpath("//dialog//button[. = 'Create link']")).click();
    // The server refuses a short password; the dialog says so and keeps what was typed.
    WebElement err = b.visible("#share-dialog p.error");
    assertThat(err.getText()).containsIgnoringCase("password");
    assertThat(b.driver.findElement(By.id("share-max")).getAttribute("value")).isEqualTo("1");
    b.shot("share-dialog");
    b.axe("share dialog");
    WebElement pw = b.driver.findElement(By.id("share-password"));
    pw.clear();
    pw.sendKeys(PASSWORD);
    b.driver.findElement(By.xpath("//dialog//button[. = 'Create link']")).click();
    String link = b.visible("#share-link").getAttribute("value");
    assertThat(link).contains("/s/");
    b.shot("share-ready");
    b.axe("share link");
    b.driver.findElement(By.xpath("//dialog[@id='share-ready']//button[. = 'Done']")).click();
    String page = base + java.net.URI.create(link).getRawPath();

    try (Chromium other = new Chromium()) {
      other.driver.get(page);
      other.visible("#password").sendKeys(PASSWORD, Keys.ENTER);
      other.wait(d -> !d.findElements(By.linkText("data.bin")).isEmpty());
      other.shot("share-page");
      other.axe("share page");
      other.driver.findElement(By.linkText("data.bin")).click();
      assertThat(sha256(Files.readAllBytes(other.download("data.bin"))))
          .isEqualTo(sha256(uploaded.get("data.bin")));
      String shareId =
          http.get("/api/share/?limit=1").json().get("items").get(0).get("id").asText();
      waitFor(
          () ->
              http.get("/api/share/" + shareId).json().get("statistics").get("downloads").asInt()
                  == 1);

      // The statistics on the Shares page.
      b.driver.get(base + "/app/shares");
      WebElement tr = b.visible("#shares tbody tr");
      List<String> cells =
          tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
      assertThat(cells.get(1)).isEqualTo("Password");
      assertThat(cells.get(3)).isEqualTo("1"); // views
      assertThat(cells.get(4)).isEqualTo("1 / 1"); // downloads of max
      b.shot("shares");
      b.axe("shares");

      // The second visitor is refused: the downloads are used up.
      other.driver.get(page);
      other.wait(d -> d.findElement(By.id("status")).getText().contains("used up"));
      other.shot("share-page-used-up");
      assertThat(other.violations()).isEmpty();

      // Revoke: the link is gone.
      tr.findElement(By.xpath(".//button[. = 'Revoke']")).click();
      b.visible("dialog[open]").findElement(By.xpath(".//button[. = 'Revoke']")).click();
      b.wait(d -> statusText().contains("No share links"));
      assertThat(http.get("/api/share/" + shareId).status()).isEqualTo(404);
      other.driver.get(page);
      other.wait(d -> d.findElement(By.id("status")).getText().contains("does not exist"));
    }
  }

  @Test
  @Order(13)
  void createAnApiKeySeenOnce() throws Exception {
    b.driver.get(base + "/app/admin/keys");
    b.visible("#keys tbody tr");
    b.axe("API keys");
    b.driver.findElement(By.id("new-key")).click();
    b.visible("#key-label").sendKeys("Website build");
    b.driver.findElement(By.xpath("//dialog//button[. = 'Create key']")).click();
    String key = b.visible("#new-key-value").getAttribute("value");
    assertThat(key).startsWith("sla_live_");
    assertThat(http.as(key).get("/api/store/folder/").status()).isEqualTo(200);
    b.shot("api-key-shown");
    b.axe("API key shown");
    b.driver.findElement(By.xpath("//dialog[@id='key-shown']//button[. = 'Done']")).click();
    b.wait(d -> d.findElements(By.id("new-key-value")).isEmpty());
    b.wait(d -> rowTexts("#keys").stream().anyMatch(t -> t.contains("Website build")));
    assertThat((String) b.js("return document.documentElement.outerHTML")).doesNotContain(key);
    b.shot("api-keys");
    b.driver.get(base + "/app/admin/users");
    b.wait(d -> rowTexts("#users").stream().anyMatch(t -> t.contains("editor")));
    b.shot("users");
    b.axe("users");
  }

  @Test
  @Order(14)
  void signInWithAPasswordSurvivesAReload() throws Exception {
    b.driver.findElement(By.xpath("//button[. = 'Sign out']")).click();
    b.visible("#username").sendKeys("editor");
    b.driver.findElement(By.id("password")).sendKeys("wrong password", Keys.ENTER);
    b.wait(d -> d.findElement(By.id("signin-error")).isDisplayed());
    assertThat(b.driver.findElement(By.id("signin-error")).getText()).contains("not right");
    assertThat(b.driver.findElement(By.id("username")).getAttribute("value")).isEqualTo("editor");
    WebElement pw = b.driver.findElement(By.id("password"));
    pw.clear();
    pw.sendKeys(PASSWORD, Keys.ENTER);
    b.visible("#items");
    assertThat(b.driver.findElement(By.cssSelector(".who .user")).getText()).isEqualTo("editor");
    // Admin pages are not offered without their scopes.
    assertThat(b.driver.findElements(By.linkText("API keys"))).isEmpty();
    // A deep link reloaded in the same tab keeps the person signed in (the refresh cookie).
    b.driver.get(base + "/app/folder/" + projects);
    b.wait(d -> rowNames().contains("data.bin"));
    assertThat(b.js("return sessionStorage.getItem('as.key')")).isNull();
    b.shot("browse");
    b.axe("browse");
    assertThat(b.violations()).isEmpty();
    assertThat(b.scriptProblems()).isEmpty();
  }

  @Test
  @Order(15)
  void aLongFolderKeepsOnlyAWindowOfRowsAndReachesTheEnd() throws Exception {
    // 600 assets (six pages of 100): the listing keeps a bounded window of <li> while the person
    // scrolls to the end, and the last asset is reached, by scrolling and by the End key.
    String many =
        http.json("POST", "/api/store/folder/", Map.of("name", "Many")).json().get("id").asText();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (int i = 1; i <= 600; i++) {
        String name = String.format("n-%04d.txt", i);
        pool.submit(
            () ->
                assertThat(http.upload("?folder=" + many, name, name.getBytes(), Map.of()).status())
                    .isEqualTo(201));
      }
    }
    b.driver.get(base + "/app/folder/" + many);
    b.wait(d -> rowNames().contains("n-0001.txt"));
    long peak = 0;
    for (int step = 0; step < 400 && !rowNames().contains("n-0600.txt"); step++) {
      b.js("const m = document.getElementById('main'); m.scrollTop += m.clientHeight;");
      Thread.sleep(30);
      peak =
          Math.max(
              peak,
              ((Number) b.js("return document.querySelectorAll('#items li').length")).longValue());
    }
    assertThat(rowNames()).contains("n-0600.txt");
    assertThat(peak).as("rendered rows while scrolling 600 assets").isBetween(1L, 120L);
    assertThat(statusText()).contains("600 files");
    // Back to the top with Home, then End: focus moves to the last item, rendered on demand.
    b.js("document.getElementById('main').scrollTop = 0");
    b.wait(d -> rowNames().contains("n-0001.txt"));
    clickRow("n-0001.txt");
    new Actions(b.driver).sendKeys(Keys.END).perform();
    b.wait(
        d ->
            "n-0600.txt"
                .equals(b.js("return document.activeElement.querySelector('.name')?.textContent")));
    // Ctrl+A selects every loaded item, not only the rendered ones.
    new Actions(b.driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
    b.wait(
        d ->
            d.findElement(By.cssSelector(".selbar .count")).getText().equals("600 items selected"));
    new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
    b.shot("long-folder-end");
    assertThat(b.scriptProblems()).isEmpty();
  }

  // ---- helpers

  static void assertSecurityHeaders(Http.Resp r) {
    String csp = r.header("Content-Security-Policy");
    assertThat(csp)
        .isNotNull()
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("connect-src 'self'")
        .contains("frame-src 'self';") // the PDF viewer's frame, nothing from elsewhere
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval")
        .doesNotContain("*");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
  }

  static String statusText() {
    List<WebElement> s = b.driver.findElements(By.cssSelector(".list-status"));
    return s.isEmpty() ? "" : s.get(0).getText();
  }

  @SuppressWarnings("unchecked")
  static List<String> rowNames() {
    return (List<String>)
        b.js("return [...document.querySelectorAll('#items li .name')].map(e => e.textContent)");
  }

  @SuppressWarnings("unchecked")
  static List<String> rowTexts(String table) {
    return (List<String>)
        b.js(
            "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
                + ".map(e => e.textContent)",
            table);
  }

  static WebElement row(String name) {
    b.wait(d -> rowNames().contains(name));
    return b.driver.findElement(
        By.xpath("//ul[@id='items']/li[.//span[@class='name' and . = '" + name + "']]"));
  }

  static void clickRow(String name) {
    row(name).click();
    b.wait(d -> "true".equals(row(name).getAttribute("aria-selected")));
  }

  /** Selects the row and opens it with Enter (the keyboard path; a double click does the same). */
  static void openRow(String name) {
    clickRow(name);
    new Actions(b.driver).sendKeys(Keys.ENTER).perform();
  }

  static JsonNode assetNamed(String folder, String name) {
    JsonNode items =
        http.get("/api/store/asset/?folder=" + folder + "&name=" + Http.enc(name))
            .json()
            .get("items");
    assertThat(items.size()).as("asset %s in %s", name, folder).isEqualTo(1);
    return items.get(0);
  }

  static String folderNamed(String parent, String name) {
    JsonNode items =
        http.get("/api/store/folder/?parent=" + parent + "&name=" + Http.enc(name))
            .json()
            .get("items");
    assertThat(items.size()).as("folder %s in %s", name, parent).isEqualTo(1);
    return items.get(0).get("id").asText();
  }

  static Path newestZip() {
    try (var s = Files.list(b.downloads)) {
      return s.filter(p -> p.toString().endsWith(".zip")).findFirst().orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  static void waitFor(java.util.function.BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + Chromium.WAIT.toNanos();
    while (!ok.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition reached in time").isLessThan(end);
      Thread.sleep(100);
    }
  }

  static String sha256(String s) throws Exception {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static Map<String, String> zipHashes(Path zip) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (!e.isDirectory()) {
          out.put(e.getName(), sha256(in.readAllBytes()));
        }
      }
    }
    return out;
  }

  /** A small real PNG (64×48, a gradient), made with the JDK's image writer. */
  static byte[] pngBytes() throws Exception {
    var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 160);
      }
    }
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}

package dev.assetstore.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The console's flows beyond the main walk-through, in a real headless Chromium against a real
 * server whose mail goes to GreenMail: the users page (create with scopes, change scopes, reset a
 * password and sign in with it, delete), editing a share link, emailing a link, and audio streamed
 * with Range through the service worker. The steps share one store and one browser, in order.
 */
@Tag("browser")
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleFlowsBrowserTest {
  static final String PASSWORD = "a long enough password";
  static GreenMail mail;
  static TestServer server;
  static Http http;
  static Chromium b;
  static String base;
  static String folder;

  @BeforeAll
  static void start() throws Exception {
    mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    server =
        TestServer.start(
            Map.of(
                "ASSET_STORE_SMTP_URL",
                "smtp://127.0.0.1:" + mail.getSmtp().getPort() + "?from=shares%40example.org"));
    http = server.http;
    base = http.base;
    folder =
        http.json("POST", "/api/store/folder/", Map.of("name", "Media")).json().get("id").asText();
    b = new Chromium(true);
    b.driver.get(base + "/app/");
    b.visible("#tab-key").click();
    b.visible("#api-key").sendKeys(TestServer.ADMIN_KEY);
    b.driver.findElement(By.id("signin")).click();
    b.visible("#items");
  }

  @AfterAll
  static void stop() {
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        mail.stop();
      }
    }
  }

  // ---- users

  @Test
  @Order(1)
  void createAUserWithScopesThenChangeThem() throws Exception {
    b.driver.get(base + "/app/admin/users");
    b.visible("#new-user").click();
    b.visible("#user-name").sendKeys("designer");
    b.driver.findElement(By.id("user-email")).sendKeys("designer@example.com");
    b.driver.findElement(By.id("user-password")).sendKeys(PASSWORD);
    // The new-user form starts with read, write and share: this person gets read only.
    scope("store:write").click();
    scope("store:share").click();
    b.shot("user-new");
    b.axe("new user dialog");
    b.driver.findElement(By.xpath("//dialog//button[. = 'Create user']")).click();
    b.wait(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    WebElement tr = userRow("designer");
    assertThat(tr.getText()).contains("designer@example.com").contains("store:read");
    assertThat(user("designer").get("scopes").toString()).isEqualTo("[\"store:read\"]");

    tr.findElement(By.xpath(".//button[. = 'Edit']")).click();
    b.visible("dialog[open]");
    assertThat(scope("store:read").isSelected()).isTrue();
    assertThat(scope("store:write").isSelected()).isFalse();
    scope("store:write").click();
    b.driver.findElement(By.xpath("//dialog//button[. = 'Save']")).click();
    b.wait(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    b.wait(d -> userRow("designer").getText().contains("store:write"));
    assertThat(user("designer").get("scopes").toString())
        .isEqualTo("[\"store:read\",\"store:write\"]");
  }

  @Test
  @Order(2)
  void resetAPasswordAndSignInWithIt() throws Exception {
    String fresh = "a brand new password";
    userRow("designer").findElement(By.xpath(".//button[. = 'Reset password']")).click();
    WebElement pw = b.visible("#user-new-password");
    // Too short: the server's refusal in words, and the dialog stays open.
    pw.sendKeys("short", Keys.ENTER);
    assertThat(b.visible("dialog p.error").getText()).isNotBlank();
    b.shot("user-reset-password");
    b.axe("reset password dialog");
    pw.clear();
    pw.sendKeys(fresh, Keys.ENTER);
    b.wait(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    try (Chromium other = new Chromium()) {
      other.driver.get(base + "/app/");
      other.visible("#username").sendKeys("designer");
      other.driver.findElement(By.id("password")).sendKeys(PASSWORD, Keys.ENTER);
      other.wait(d -> d.findElement(By.id("signin-error")).isDisplayed());
      WebElement p = other.driver.findElement(By.id("password"));
      p.clear();
      p.sendKeys(fresh, Keys.ENTER);
      other.visible("#items");
      assertThat(other.driver.findElement(By.cssSelector(".who .user")).getText())
          .isEqualTo("designer");
    }
  }

  @Test
  @Order(3)
  void deleteAUserAfterConfirming() throws Exception {
    userRow("designer").findElement(By.xpath(".//button[. = 'Delete']")).click();
    WebElement dlg = b.visible("dialog[open]");
    assertThat(dlg.getText()).contains("designer").contains("cannot be undone");
    // Cancelled: nothing happens.
    dlg.findElement(By.xpath(".//button[. = 'Cancel']")).click();
    b.wait(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    assertThat(user("designer")).isNotNull();
    userRow("designer").findElement(By.xpath(".//button[. = 'Delete']")).click();
    b.visible("dialog[open]").findElement(By.xpath(".//button[. = 'Delete']")).click();
    b.wait(d -> userTexts().stream().noneMatch(t -> t.contains("designer")));
    assertThat(user("designer")).isNull();
  }

  // ---- shares

  @Test
  @Order(4)
  void editAShareFromTheSharesPage() throws Exception {
    String asset = upload("brief.txt", "the brief".getBytes(StandardCharsets.UTF_8));
    String share =
        http.json("POST", "/api/share/", Map.of("asset", asset, "name", "Brief"))
            .json()
            .get("id")
            .asText();
    b.driver.get(base + "/app/shares");
    WebElement tr = b.visible("#shares tbody tr");
    assertThat(tr.getText()).contains("Anyone with the link").contains("Never");
    tr.findElement(By.xpath(".//button[. = 'Edit']")).click();
    b.visible("#share-max").sendKeys("5");
    // A datetime-local field takes its value from the page (typing it depends on the locale).
    b.js(
        "const e = document.getElementById('share-expires');"
            + "e.value = '2031-05-04T12:30'; e.dispatchEvent(new Event('input'));");
    b.driver.findElement(By.id("share-password")).sendKeys("short");
    b.driver.findElement(By.xpath("//dialog//button[. = 'Save']")).click();
    // The server refuses the short password: said in the dialog, the form keeps its values.
    assertThat(b.visible("dialog p.error").getText()).containsIgnoringCase("password");
    assertThat(b.driver.findElement(By.id("share-max")).getAttribute("value")).isEqualTo("5");
    b.shot("share-edit");
    b.axe("edit share dialog");
    WebElement pw = b.driver.findElement(By.id("share-password"));
    pw.clear();
    pw.sendKeys(PASSWORD);
    b.driver.findElement(By.xpath("//dialog//button[. = 'Save']")).click();
    b.wait(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    b.wait(d -> cells(b.visible("#shares tbody tr")).get(4).equals("0 / 5"));
    List<String> cells = cells(b.driver.findElement(By.cssSelector("#shares tbody tr")));
    assertThat(cells.get(1)).isEqualTo("Password");
    assertThat(cells.get(2)).contains("2031");
    JsonNode s = http.get("/api/share/" + share).json();
    assertThat(s.get("max_downloads").asInt()).isEqualTo(5);
    assertThat(s.get("password_protected").asBoolean()).isTrue();
    assertThat(s.get("expires").asText()).startsWith("2031-05-0");
  }

  @Test
  @Order(5)
  void emailALinkWhenTheServerCanSendMail() throws Exception {
    upload("offer.txt", "the offer".getBytes(StandardCharsets.UTF_8));
    b.driver.get(base + "/app/folder/" + folder);
    clickRow("offer.txt");
    b.driver.findElement(By.id("sel-share")).click();
    b.visible("#share-recipients").sendKeys("pat@example.com");
    b.driver.findElement(By.id("share-message")).sendKeys("Here is the offer.");
    b.driver.findElement(By.id("share-email")).click();
    b.driver.findElement(By.xpath("//dialog//button[. = 'Create link']")).click();
    String link = b.visible("#share-link").getAttribute("value");
    WebElement ready = b.driver.findElement(By.id("share-ready"));
    assertThat(ready.getText()).contains("The link was emailed to pat@example.com.");
    b.shot("share-emailed");
    b.axe("share emailed");
    assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString())
        .isEqualTo("pat@example.com");
    assertThat(GreenMailUtil.getBody(m).replace("=\r\n", "")).contains(link);
    ready.findElement(By.xpath(".//button[. = 'Done']")).click();
  }

  // ---- media

  @Test
  @Order(6)
  void audioPlaysThroughTheWorkerWithRange() throws Exception {
    String id = upload("tone.wav", wav(3));
    playsThroughTheWorker(id, "audio", "m.readyState >= 2 && m.duration > 2.9");
    b.shot("preview-audio");
    b.axe("audio preview");
    new org.openqa.selenium.interactions.Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
    assertThat(b.scriptProblems()).isEmpty();
  }

  @Test
  @Order(7)
  void videoMadeByTheBrowserPlaysThroughTheWorkerWithRange() throws Exception {
    // Chromium records a second of a canvas as WebM (VP8): a real video made in the test.
    String b64 =
        (String)
            b.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const c = document.createElement('canvas'); c.width = 160; c.height = 120;"
                    + "const g = c.getContext('2d'); let n = 0;"
                    + "const paint = setInterval(() => { g.fillStyle = 'hsl(' + (n++ * 20) + ',80%,50%)';"
                    + "  g.fillRect(0, 0, 160, 120); }, 40);"
                    + "const rec = new MediaRecorder(c.captureStream(25), {mimeType: 'video/webm;codecs=vp8'});"
                    + "const parts = []; rec.ondataavailable = (e) => parts.push(e.data);"
                    + "rec.onstop = () => { clearInterval(paint); const r = new FileReader();"
                    + "  r.onload = () => done(r.result.split(',')[1]);"
                    + "  r.readAsDataURL(new Blob(parts, {type: 'video/webm'})); };"
                    + "rec.start(); setTimeout(() => rec.stop(), 1200);");
    byte[] webm = java.util.Base64.getDecoder().decode(b64);
    assertThat(webm.length).isGreaterThan(1000);
    String id = upload("clip.webm", webm);
    assertThat(http.get("/api/store/asset/" + id).json().get("content_type").asText())
        .isEqualTo("video/webm");
    playsThroughTheWorker(id, "video", "m.readyState >= 2 && m.videoWidth === 160");
    b.shot("preview-video");
    new org.openqa.selenium.interactions.Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
  }

  @Test
  @Order(8)
  void aPdfShowsInTheBrowsersOwnViewer() throws Exception {
    String id = upload("leaflet.pdf", pdf("A leaflet"));
    b.responses();
    b.driver.get(base + "/app/asset/" + id);
    WebElement frame = b.visible("#preview iframe.pdf");
    assertThat(frame.getAttribute("title")).isEqualTo("PDF: leaflet.pdf");
    // The frame's document is the PDF, answered by the service worker (which added the credential).
    b.wait(
        d ->
            "application/pdf"
                .equals(b.js("return arguments[0].contentDocument?.contentType", frame)));
    List<Chromium.Response> docs =
        b.responses().stream().filter(r -> r.url().contains("/app/view/leaflet.pdf?u=")).toList();
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0))
        .extracting(
            Chromium.Response::status, Chromium.Response::mimeType, Chromium.Response::fromWorker)
        .containsExactly(200, "application/pdf", true);
    // The Download button stays next to it.
    assertThat(b.driver.findElement(By.xpath("//dialog[@id='preview']//button[. = 'Download']")))
        .isNotNull();
    b.shot("preview-pdf");
    b.axe("PDF preview");
    new org.openqa.selenium.interactions.Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
    b.wait(d -> d.findElements(By.id("preview")).isEmpty());
    assertThat(b.violations()).isEmpty();
  }

  @Test
  @Order(9)
  void theViewerShowsNothingButPdfsAndSaysWhyItFailed() throws Exception {
    // Only a PDF is ever answered as a frame document: an uploaded HTML page is refused.
    String html = upload("page.html", "<p>hello</p>".getBytes(StandardCharsets.UTF_8));
    Object said =
        b.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "document.addEventListener('view-error', (e) => done(e.detail), {once: true});"
                + "const f = document.createElement('iframe');"
                + "f.src = '/app/view/page.html?u=' + encodeURIComponent("
                + "'/api/store/asset/download?inline=true&id=' + arguments[0]);"
                + "document.body.append(f);",
            html);
    assertThat(said).isEqualTo("Only PDFs are shown here.");
    b.js("document.querySelector('body > iframe').remove()");
    // A PDF gone between the listing and the preview: the reason, in words, in the pane.
    String gone = upload("gone.pdf", pdf("Gone"));
    b.driver.get(base + "/app/folder/" + folder);
    clickRow("gone.pdf");
    assertThat(http.delete("/api/store/asset/" + gone).status()).isEqualTo(204);
    new org.openqa.selenium.interactions.Actions(b.driver).sendKeys(Keys.ENTER).perform();
    WebElement err = b.visible("#preview .pdf-failed p.error");
    assertThat(err.getText()).startsWith("The PDF cannot be shown here: ").contains("not found");
    b.shot("preview-pdf-failed");
    new org.openqa.selenium.interactions.Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
  }

  // ---- search

  @Test
  @Order(10)
  void searchCoversThisFolderUnlessEverywhereIsChosen() throws Exception {
    String alpha = server.createFolder("Alpha", null);
    String sub = server.createFolder("Sub", alpha);
    for (var e :
        Map.of("report-alpha.txt", alpha, "report-sub.txt", sub, "report-media.txt", folder)
            .entrySet()) {
      assertThat(
              http.upload("?folder=" + e.getValue(), e.getKey(), new byte[] {1}, Map.of()).status())
          .isEqualTo(201);
    }
    b.driver.get(base + "/app/folder/" + alpha);
    b.wait(d -> rowNames().contains("Sub"));
    Select scope = new Select(b.driver.findElement(By.id("search-scope")));
    assertThat(scope.getFirstSelectedOption().getText()).isEqualTo("This folder");
    b.driver.findElement(By.id("search")).sendKeys("report", Keys.ENTER);
    b.wait(d -> heading().equals("Search results for “report” in “Alpha”"));
    b.wait(d -> rowNames().equals(List.of("report-alpha.txt")));
    assertThat(b.driver.findElement(By.id("scope-note")).getText())
        .contains("not in its subfolders");
    b.shot("search-this-folder");
    b.axe("search in this folder");

    scope.selectByVisibleText("Everywhere");
    b.wait(d -> heading().equals("Search results for “report” everywhere"));
    b.wait(
        d ->
            rowNames().stream()
                .sorted()
                .toList()
                .equals(List.of("report-alpha.txt", "report-media.txt", "report-sub.txt")));
    assertThat(b.driver.getCurrentUrl()).contains("/app/folder/" + alpha).contains("in=all");
    assertThat(
            b.driver
                .findElement(By.xpath("//li//span[@class='name' and . = 'report-sub.txt']"))
                .getAttribute("title"))
        .as("where a result from every folder lives")
        .isEqualTo("/Alpha/Sub/report-sub.txt");
    // The choice is part of the address: a reload keeps it.
    b.driver.navigate().refresh();
    b.wait(d -> rowNames().size() == 3);
    assertThat(
            new Select(b.driver.findElement(By.id("search-scope")))
                .getFirstSelectedOption()
                .getText())
        .isEqualTo("Everywhere");
    b.shot("search-everywhere");
    b.axe("search everywhere");

    new Select(b.driver.findElement(By.id("search-scope"))).selectByVisibleText("This folder");
    b.wait(d -> rowNames().equals(List.of("report-alpha.txt")));
    assertThat(b.driver.getCurrentUrl()).doesNotContain("in=all");
    assertThat(b.scriptProblems()).isEmpty();
  }

  // ---- layout

  @Test
  @Order(11)
  void onAPhoneAToastSitsAboveTheFoldedUploads() throws Exception {
    b.driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    java.nio.file.Path dir = Files.createTempDirectory("console-toast");
    try {
      b.driver.get(base + "/app/folder/" + folder);
      java.nio.file.Path file = dir.resolve("pill.txt");
      Files.writeString(file, "pill");
      WebElement input = b.visible("#items").findElement(By.xpath("//input[@id='pick-files']"));
      b.js("arguments[0].hidden = false", input);
      input.sendKeys(file.toString());
      b.js("arguments[0].hidden = true", input);
      b.wait(d -> d.findElement(By.id("uploads")).getAttribute("class").contains("collapsed"));
      b.driver.findElement(By.id("new-folder")).click();
      b.visible("dialog input").sendKeys("Toasty", Keys.ENTER);
      WebElement toast = b.visible("#toasts .toast");
      assertThat(toast.getText()).isEqualTo("Folder “Toasty” created.");
      var t = toast.getRect();
      var pill = b.driver.findElement(By.id("uploads")).getRect();
      assertThat(t.getY() + t.getHeight())
          .as("the toast's bottom edge is above the uploads summary")
          .isLessThanOrEqualTo(pill.getY());
      Files.write(
          Chromium.SHOTS.resolve("toast-over-uploads-390.png"),
          b.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } finally {
      b.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
      TestServer.deleteRecursively(dir);
    }
  }

  // ---- helpers

  /**
   * Opens the asset's preview and waits until its {@code element} (audio or video) meets {@code
   * ready} (JS on {@code m}); its requests went through the service worker, which passed on the
   * server's 206 to the browser's Range request.
   */
  static void playsThroughTheWorker(String id, String element, String ready) throws Exception {
    b.responses(); // forget what came before
    b.driver.get(base + "/app/asset/" + id);
    WebElement m = b.visible("#preview " + element);
    b.wait(d -> (Boolean) b.js("const m = arguments[0]; return " + ready + ";", m));
    List<Chromium.Response> media =
        b.responses().stream()
            .filter(r -> r.url().contains("/api/store/asset/download") && r.url().contains(id))
            .toList();
    assertThat(media).isNotEmpty().allMatch(Chromium.Response::fromWorker);
    assertThat(media).anyMatch(r -> r.status() == 206);
  }

  static String heading() {
    return b.driver.findElement(By.id("view-title")).getText();
  }

  @SuppressWarnings("unchecked")
  static List<String> rowNames() {
    return (List<String>)
        b.js("return [...document.querySelectorAll('#items li .name')].map(e => e.textContent)");
  }

  static WebElement scope(String s) {
    return b.driver.findElement(
        By.cssSelector("dialog[open] input[type=checkbox][value='" + s + "']"));
  }

  static JsonNode user(String name) {
    for (JsonNode u : http.get("/api/admin/users/?limit=250").json().get("items")) {
      if (u.get("username").asText().equals(name)) {
        return u;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static List<String> userTexts() {
    return (List<String>)
        b.js("return [...document.querySelectorAll('#users tbody tr')].map(e => e.textContent)");
  }

  static WebElement userRow(String name) {
    b.wait(d -> userTexts().stream().anyMatch(t -> t.contains(name)));
    return b.driver.findElement(
        By.xpath("//table[@id='users']//tr[.//strong[. = '" + name + "']]"));
  }

  static List<String> cells(WebElement tr) {
    return tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
  }

  static void clickRow(String name) {
    By row = By.xpath("//ul[@id='items']/li[.//span[@class='name' and . = '" + name + "']]");
    b.visible(row).click();
    b.wait(d -> "true".equals(d.findElement(row).getAttribute("aria-selected")));
  }

  static String upload(String name, byte[] bytes) {
    Http.Resp r = http.upload("?folder=" + folder, name, bytes, Map.of());
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  /** A one-page PDF that says {@code text} (PDFBox). */
  static byte[] pdf(String text) throws Exception {
    try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
      var page = new org.apache.pdfbox.pdmodel.PDPage();
      doc.addPage(page);
      try (var c = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
        c.beginText();
        c.setFont(
            new org.apache.pdfbox.pdmodel.font.PDType1Font(
                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
            24);
        c.newLineAtOffset(72, 700);
        c.showText(text);
        c.endText();
      }
      var out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A WAV of {@code seconds} of a 440 Hz tone, 16-bit mono at 22,050 Hz (Java Sound). */
  static byte[] wav(int seconds) throws Exception {
    float rate = 22_050;
    int n = (int) rate * seconds;
    byte[] pcm = new byte[n * 2];
    for (int i = 0; i < n; i++) {
      short v = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000);
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
    var out = new ByteArrayOutputStream();
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(pcm), f, n), AudioFileFormat.Type.WAVE, out);
    return out.toByteArray();
  }
}

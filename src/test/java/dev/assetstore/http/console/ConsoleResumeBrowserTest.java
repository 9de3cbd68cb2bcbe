package dev.assetstore.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * An upload from the console survives a dropped connection: the browser reaches the server through
 * a proxy that the test cuts mid-upload and brings back; the console's tus client finds the offset
 * with HEAD and finishes by itself, and the stored file has the right SHA-256.
 */
@Tag("browser")
@Timeout(300)
class ConsoleResumeBrowserTest {
  @Test
  void uploadFinishesByItselfAfterTheConnectionIsCut() throws Exception {
    byte[] bytes = new byte[12 * 1024 * 1024];
    new Random(42).nextBytes(bytes);
    Path dir = Files.createTempDirectory("console-resume");
    Path file = dir.resolve("big-resume.bin");
    Files.write(file, bytes);
    try (TestServer server = TestServer.start();
        CuttableProxy proxy = new CuttableProxy(server.port(), 3L * 1024 * 1024);
        Chromium b = new Chromium()) {
      String base = "http://127.0.0.1:" + proxy.port();
      b.driver.get(base + "/app/");
      b.visible("#tab-key").click();
      b.visible("#api-key").sendKeys(TestServer.ADMIN_KEY);
      b.driver.findElement(By.id("signin")).click();
      b.visible("#items");
      WebElement input = b.driver.findElement(By.id("pick-files"));
      b.js("arguments[0].hidden = false", input);
      long before = proxy.upstream.get();
      input.sendKeys(file.toString());
      b.js("arguments[0].hidden = true", input);

      // Cut once a few MiB of the file have gone through, while the rest is still on its way.
      long end = System.nanoTime() + Chromium.WAIT.toNanos();
      while (proxy.upstream.get() - before < 4L * 1024 * 1024) {
        assertThat(System.nanoTime()).as("the upload started").isLessThan(end);
        Thread.sleep(20);
      }
      proxy.cut();
      b.wait(
          d -> d.findElement(By.cssSelector(".up-item .up-status")).getText().contains("Retrying"));
      b.shot("upload-retrying");
      JsonNode none = server.http.get("/api/store/asset/?name=big-resume.bin").json();
      assertThat(none.get("items").size()).as("not finished while cut").isZero();
      Thread.sleep(1500);
      proxy.restore();

      new org.openqa.selenium.support.ui.WebDriverWait(b.driver, java.time.Duration.ofSeconds(90))
          .until(d -> !d.findElements(By.cssSelector(".up-item[data-state=done]")).isEmpty());
      JsonNode items = server.http.get("/api/store/asset/?name=big-resume.bin").json().get("items");
      assertThat(items.size()).isEqualTo(1);
      assertThat(items.get(0).get("size").asLong()).isEqualTo(bytes.length);
      assertThat(items.get(0).get("sha256").asText())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      assertThat(b.violations()).isEmpty();
    } finally {
      TestServer.deleteRecursively(dir);
    }
  }
}

package dev.assetstore.http.previews;

import static dev.assetstore.http.previews.PreviewFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API.md §11: the sources a preview is made from, made upright, in colour, in the box. */
class PreviewTest {
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String upload(String name, String type, byte[] bytes) {
    return upload(http, name, type, bytes);
  }

  static String upload(Http http, String name, String type, byte[] bytes) {
    Resp r = http.upload("", name, type, BodyPublishers.ofByteArray(bytes), Map.of(), Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static Resp preview(String id, String query) {
    return preview(http, id, query);
  }

  static Resp preview(Http http, String id, String query) {
    return http.get("/api/store/asset/" + id + "/preview" + query);
  }

  static BufferedImage imageOf(Resp r) {
    return image(r);
  }

  static BufferedImage image(Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
      assertThat(img).as("a decodable image").isNotNull();
      return img;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** True when the pixel is within {@code tolerance} of the colour on every channel. */
  static void assertColour(BufferedImage img, double fx, double fy, Color c, String what) {
    int x = (int) (fx * img.getWidth());
    int y = (int) (fy * img.getHeight());
    Color p = new Color(img.getRGB(x, y), true);
    assertThat(
            Math.abs(p.getRed() - c.getRed()) < 60
                && Math.abs(p.getGreen() - c.getGreen()) < 60
                && Math.abs(p.getBlue() - c.getBlue()) < 60)
        .as(
            "%s at (%d,%d) of %dx%d is %s, expected %s",
            what, x, y, img.getWidth(), img.getHeight(), p, c)
        .isTrue();
  }

  static void assertUpright(BufferedImage img, String what) {
    assertColour(img, 0.1, 0.1, RED, what + ": top-left");
    assertColour(img, 0.9, 0.1, GREEN, what + ": top-right");
    assertColour(img, 0.1, 0.9, BLUE, what + ": bottom-left");
    assertColour(img, 0.9, 0.9, Color.WHITE, what + ": bottom-right");
  }

  @ParameterizedTest(name = "{0}x{1} orientation {2}")
  @CsvSource({
    "300,200,1", "300,200,2", "300,200,3", "300,200,4", "300,200,5", "300,200,6", "300,200,7",
    "300,200,8", "200,300,1", "200,300,2", "200,300,3", "200,300,4", "200,300,5", "200,300,6",
    "200,300,7", "200,300,8"
  })
  void jpegComesOutUprightForEveryExifOrientation(int w, int h, int o) throws IOException {
    byte[] jpeg = withExifOrientation(jpeg(stored(corners(w, h), o)), o);
    String id = upload("photo-" + o + ".jpg", "image/jpeg", jpeg);
    Resp r = preview(id, "?w=96&h=96");
    assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
    BufferedImage img = image(r);
    // Upright dimensions: the landscape picture stays landscape whatever the stored pixels were.
    assertThat(new int[] {img.getWidth(), img.getHeight()})
        .containsExactly(w > h ? 96 : 64, w > h ? 64 : 96);
    assertUpright(img, "orientation " + o);
  }

  @Test
  void cmykJpegKeepsItsColours() throws IOException {
    cyanLeftMagentaRight(upload("cmyk.jpg", "image/jpeg", cmykJpeg(200, 100)));
  }

  @Test
  void ycckJpegKeepsItsColours() throws IOException {
    cyanLeftMagentaRight(upload("ycck.jpg", "image/jpeg", ycckJpeg(200, 100)));
  }

  private void cyanLeftMagentaRight(String id) throws IOException {
    BufferedImage img = image(preview(id, "?w=100&h=100"));
    assertThat(img.getWidth()).isEqualTo(100);
    assertThat(img.getHeight()).isEqualTo(50);
    // Cyan ink on the left, magenta on the right (an inverted or unconverted CMYK decode is not).
    Color left = new Color(img.getRGB(20, 25));
    Color right = new Color(img.getRGB(80, 25));
    assertThat(left.getRed()).as("cyan: little red, %s", left).isLessThan(100);
    assertThat(left.getGreen()).as("cyan: green, %s", left).isGreaterThan(120);
    assertThat(left.getBlue()).as("cyan: blue, %s", left).isGreaterThan(150);
    assertThat(right.getGreen()).as("magenta: little green, %s", right).isLessThan(100);
    assertThat(right.getRed()).as("magenta: red, %s", right).isGreaterThan(150);
    assertThat(right.getBlue()).as("magenta: blue, %s", right).isGreaterThan(80);
  }

  @Test
  void pngWithAlphaGivesPngWithAlpha() throws IOException {
    String id = upload("alpha.png", "image/png", write(alphaSquare(200, 200), "png"));
    Resp r = preview(id, "?w=100&h=100");
    assertThat(r.header("Content-Type")).isEqualTo("image/png");
    BufferedImage img = image(r);
    assertThat(img.getColorModel().hasAlpha()).isTrue();
    assertThat(new Color(img.getRGB(5, 5), true).getAlpha()).isZero();
    Color centre = new Color(img.getRGB(50, 50), true);
    assertThat(centre.getAlpha()).isEqualTo(255);
    assertColour(img, 0.5, 0.5, RED, "centre");
    // format=jpeg asks for an opaque one: JPEG, on white.
    Resp j = preview(id, "?w=100&h=100&format=jpeg");
    assertThat(j.header("Content-Type")).isEqualTo("image/jpeg");
    assertColour(image(j), 0.05, 0.05, Color.WHITE, "transparent → white");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gif,image/gif", "tiff,image/tiff", "bmp,image/bmp", "png,image/png"})
  void otherImageFormats(String format, String type) throws IOException {
    String id = upload("corners." + format, type, write(corners(300, 200), format));
    Resp r = preview(id, "?w=150&h=150");
    assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
    BufferedImage img = image(r);
    assertThat(new int[] {img.getWidth(), img.getHeight()}).containsExactly(150, 100);
    assertUpright(img, format);
  }

  @Test
  void webpHandMadeLossless() {
    String id = upload("half.webp", "image/webp", webp(64, 32));
    BufferedImage img = image(preview(id, "?w=32&h=32"));
    assertThat(new int[] {img.getWidth(), img.getHeight()}).containsExactly(32, 16);
    assertColour(img, 0.1, 0.5, new Color(0, 255, 0), "left");
    assertColour(img, 0.9, 0.5, Color.BLACK, "right");
  }

  @Test
  void pdfFirstPageOnly() throws IOException {
    String id = upload("three.pdf", "application/pdf", threePagePdf());
    Resp r = preview(id, "?w=200&h=200");
    assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
    BufferedImage img = image(r);
    // A4 is 1:√2, upright.
    assertThat(img.getHeight()).isEqualTo(200);
    assertThat(img.getWidth()).isBetween(139, 143);
    assertColour(img, 0.5, 0.5, RED, "page 1");
  }

  @Test
  void containAndCoverAndNeverEnlarged() throws IOException {
    String id = upload("wide.png", "image/png", write(corners(400, 200), "png"));
    assertThat(size(image(preview(id, "?w=100&h=100")))).containsExactly(100, 50);
    assertThat(size(image(preview(id, "?w=100&h=100&fit=contain")))).containsExactly(100, 50);
    BufferedImage cover = image(preview(id, "?w=100&h=100&fit=cover"));
    assertThat(size(cover)).containsExactly(100, 100);
    // The centre crop of a 2:1 picture loses its outer quarters: the corners' blocks are cut.
    assertColour(cover, 0.05, 0.05, RED, "cover top-left (block reaches 1/3, crop starts 1/4)");
    assertColour(cover, 0.5, 0.5, Color.WHITE, "cover centre");
    // Filling a 16 x 2048 box would enlarge: kept at its own height, cropped to the width.
    assertThat(size(image(preview(id, "?w=16&h=2048&fit=cover")))).containsExactly(16, 200);
    String small = upload("small.png", "image/png", write(corners(40, 20), "png"));
    assertThat(size(image(preview(small, "")))).containsExactly(40, 20);
    assertThat(size(image(preview(small, "?w=2048&h=2048&fit=cover")))).containsExactly(40, 20);
    assertThat(size(image(preview(small, "?w=30&h=30&fit=cover")))).containsExactly(30, 20);
  }

  static int[] size(BufferedImage img) {
    return new int[] {img.getWidth(), img.getHeight()};
  }
}

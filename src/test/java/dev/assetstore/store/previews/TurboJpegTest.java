package dev.assetstore.store.previews;

import static dev.assetstore.http.previews.PreviewFixtures.BLUE;
import static dev.assetstore.http.previews.PreviewFixtures.GREEN;
import static dev.assetstore.http.previews.PreviewFixtures.RED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetstore.blob.LocalCopy;
import dev.assetstore.http.previews.PreviewFixtures;
import dev.assetstore.store.ApiError;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libjpeg-turbo path of JPEG previews: it is there (the README and .ci/run install {@code
 * libturbojpeg0}), it decodes at a reduced DCT scale that still covers the box, its pixels agree
 * with the ImageIO path's, and what it cannot judge (CMYK, a truncated file) it leaves to ImageIO.
 */
class TurboJpegTest {
  @TempDir Path dir;

  @Test
  void theLibraryIsInstalledAndBound() {
    assertTrue(
        TurboJpeg.available(),
        "libturbojpeg0 is not installed or could not be bound: previews fall back to ImageIO");
  }

  @Test
  void decodesAtTheCoarsestScaleThatStillCoversTheBox() throws IOException {
    Path src = file("big.jpg", PreviewFixtures.jpeg(PreviewFixtures.corners(3200, 2400)));
    Decoded d =
        ImageDecoder.decode(
            LocalCopy.inPlace(src), new PreviewParams(256, 256, false, null), new Abort(), true);
    // 1/8 of 3200 × 2400 is 400 × 300: the smallest DCT scale at least 256 × 192.
    assertEquals(400, d.image().getWidth());
    assertEquals(300, d.image().getHeight());
    assertEquals(3200, d.naturalWidth());
    assertEquals(2400, d.naturalHeight());
    Decoded cover =
        ImageDecoder.decode(
            LocalCopy.inPlace(src), new PreviewParams(900, 900, true, null), new Abort(), true);
    // cover needs 1200 × 900: 3/8 of the source.
    assertEquals(1200, cover.image().getWidth());
    assertEquals(900, cover.image().getHeight());
  }

  @Test
  void agreesWithImageIoOnEveryOrientation() throws IOException {
    BufferedImage upright = PreviewFixtures.corners(1200, 800);
    for (int o = 1; o <= 8; o++) {
      byte[] jpeg =
          PreviewFixtures.withExifOrientation(
              PreviewFixtures.jpeg(PreviewFixtures.stored(upright, o)), o);
      Path src = file("o" + o + ".jpg", jpeg);
      PreviewParams box = new PreviewParams(200, 200, false, null);
      Decoded fast = ImageDecoder.decode(LocalCopy.inPlace(src), box, new Abort(), true);
      Decoded slow = ImageDecoder.decode(LocalCopy.inPlace(src), box, new Abort(), false);
      assertEquals(1200, fast.naturalWidth(), "orientation " + o);
      assertEquals(800, fast.naturalHeight(), "orientation " + o);
      assertEquals(slow.naturalWidth(), fast.naturalWidth());
      for (Decoded d : new Decoded[] {fast, slow}) {
        BufferedImage i = d.image();
        assertTrue(i.getWidth() > i.getHeight(), "landscape after orientation " + o);
        assertNear(RED, i.getRGB(i.getWidth() / 12, i.getHeight() / 12), "top-left, " + o);
        assertNear(GREEN, i.getRGB(i.getWidth() * 11 / 12, i.getHeight() / 12), "top-right, " + o);
        assertNear(BLUE, i.getRGB(i.getWidth() / 12, i.getHeight() * 11 / 12), "bottom-left, " + o);
        assertNear(Color.WHITE, i.getRGB(i.getWidth() * 11 / 12, i.getHeight() * 11 / 12), "" + o);
      }
    }
  }

  @Test
  void leavesCmykToImageIo() throws IOException {
    Path src = file("cmyk.jpg", PreviewFixtures.cmykJpeg(300, 200));
    assertTrue(
        TurboJpeg.decode(LocalCopy.inPlace(src), h -> new int[] {h.width(), h.height()}).isEmpty());
  }

  @Test
  void leavesATruncatedFileToImageIoWhichRefusesIt() throws IOException {
    byte[] whole = PreviewFixtures.jpeg(PreviewFixtures.corners(1200, 800));
    Path src = file("cut.jpg", Arrays.copyOf(whole, whole.length * 2 / 3));
    assertTrue(
        TurboJpeg.decode(LocalCopy.inPlace(src), h -> new int[] {h.width(), h.height()}).isEmpty());
    PreviewParams box = new PreviewParams(200, 200, false, null);
    ApiError e =
        assertThrows(
            ApiError.class,
            () -> ImageDecoder.decode(LocalCopy.inPlace(src), box, new Abort(), true));
    assertEquals(422, e.status());
  }

  @Test
  void refusesAHugeDeclaredSizeBeforeDecoding() throws IOException {
    byte[] jpeg = PreviewFixtures.jpeg(PreviewFixtures.corners(64, 48));
    // The SOF0 segment: FF C0, length (2), precision (1), height (2), width (2).
    for (int i = 0; i + 8 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
        jpeg[i + 5] = (byte) 0xEA;
        jpeg[i + 6] = (byte) 0x60;
        jpeg[i + 7] = (byte) 0xEA;
        jpeg[i + 8] = (byte) 0x60;
        break;
      }
    }
    Path src = file("bomb.jpg", jpeg);
    PreviewParams box = new PreviewParams(200, 200, false, null);
    ApiError e =
        assertThrows(
            ApiError.class,
            () -> ImageDecoder.decode(LocalCopy.inPlace(src), box, new Abort(), true));
    assertEquals(422, e.status());
    assertTrue(e.detail().contains("60000 x 60000"), e.detail());
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static void assertNear(Color want, int rgb, String where) {
    Color got = new Color(rgb);
    int d =
        Math.abs(want.getRed() - got.getRed())
            + Math.abs(want.getGreen() - got.getGreen())
            + Math.abs(want.getBlue() - got.getBlue());
    assertTrue(d < 60, where + ": want " + want + ", got " + got);
  }
}

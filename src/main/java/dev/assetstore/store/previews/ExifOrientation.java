package dev.assetstore.store.previews;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * A JPEG's EXIF orientation (1–8) and its application: phones store the sensor's pixels and say in
 * EXIF how to turn them upright. The EXIF is read with TwelveMonkeys' metadata readers; the turn is
 * done here, on the already reduced image.
 */
final class ExifOrientation {
  private static final int APP1 = 0xFFE1;

  private ExifOrientation() {}

  /** The orientation of a JPEG stream (1 when there is none, or the stream is no JPEG). */
  static int read(ImageInputStream in) {
    try {
      in.seek(0);
      if (in.readUnsignedShort() != 0xFFD8) {
        return 1;
      }
      in.seek(0);
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, APP1, "Exif");
      if (exif.isEmpty()) {
        return 1;
      }
      byte[] data;
      try (InputStream d = exif.getFirst().data()) {
        data = d.readNBytes(64 * 1024);
      }
      // The data follows "Exif\0"; a second NUL pads it before the TIFF header.
      int off = data.length > 0 && data[0] == 0 ? 1 : 0;
      try (ImageInputStream tiff =
          ImageIO.createImageInputStream(
              new java.io.ByteArrayInputStream(data, off, data.length - off))) {
        Directory dir = new TIFFReader().read(tiff);
        Entry e = dir.getEntryById(TIFF.TAG_ORIENTATION);
        if (e == null || !(e.getValue() instanceof Number n)) {
          return 1;
        }
        int v = n.intValue();
        return v >= 1 && v <= 8 ? v : 1;
      }
    } catch (IOException | RuntimeException e) {
      // No usable EXIF: the pixels as stored (a corrupt file fails in the decoder).
      return 1;
    }
  }

  /** Orientations 5–8 turn by a quarter: width and height trade places. */
  static boolean swapsAxes(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  /** The stored image turned upright, as EXIF orientation {@code o} says. */
  static BufferedImage apply(BufferedImage src, int o) {
    if (o <= 1 || o > 8) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    boolean swap = swapsAxes(o);
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    boolean alpha = src.getColorModel().hasAlpha();
    BufferedImage out =
        new BufferedImage(ow, oh, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int sy = 0; sy < h; sy++) {
      src.getRGB(0, sy, w, 1, row, 0, w);
      for (int sx = 0; sx < w; sx++) {
        // Where stored pixel (sx, sy) lands in the upright image.
        int x;
        int y;
        switch (o) {
          case 2 -> { // mirrored left-right
            x = w - 1 - sx;
            y = sy;
          }
          case 3 -> { // turned 180°
            x = w - 1 - sx;
            y = h - 1 - sy;
          }
          case 4 -> { // mirrored top-bottom
            x = sx;
            y = h - 1 - sy;
          }
          case 5 -> { // transposed (mirrored along the main diagonal)
            x = sy;
            y = sx;
          }
          case 6 -> { // to be turned 90° clockwise
            x = h - 1 - sy;
            y = sx;
          }
          case 7 -> { // transversed (mirrored along the other diagonal)
            x = h - 1 - sy;
            y = w - 1 - sx;
          }
          default -> { // 8: to be turned 90° counter-clockwise
            x = sy;
            y = w - 1 - sx;
          }
        }
        out.setRGB(x, y, row[sx]);
      }
    }
    return out;
  }
}

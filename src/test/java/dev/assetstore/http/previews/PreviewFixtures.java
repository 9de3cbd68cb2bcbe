package dev.assetstore.http.previews;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Every preview source, made in code: no binary fixture files. */
public final class PreviewFixtures {
  public static final Color RED = new Color(220, 20, 20);
  public static final Color GREEN = new Color(20, 200, 20);
  public static final Color BLUE = new Color(20, 20, 220);

  private PreviewFixtures() {}

  /**
   * An upright picture whose corners tell every turn and mirror apart: red top-left, green
   * top-right, blue bottom-left, white elsewhere.
   */
  public static BufferedImage corners(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    int bw = w / 3;
    int bh = h / 3;
    g.setColor(RED);
    g.fillRect(0, 0, bw, bh);
    g.setColor(GREEN);
    g.fillRect(w - bw, 0, bw, bh);
    g.setColor(BLUE);
    g.fillRect(0, h - bh, bw, bh);
    g.dispose();
    return img;
  }

  /**
   * The pixels a camera stores for an upright picture when it writes EXIF orientation {@code o}:
   * the inverse of what the orientation tells a viewer to do, built from AffineTransforms (not the
   * server's pixel mapping).
   */
  public static BufferedImage stored(BufferedImage upright, int o) {
    int w = upright.getWidth();
    int h = upright.getHeight();
    boolean swap = o >= 5;
    int sw = swap ? h : w;
    int sh = swap ? w : h;
    AffineTransform t = new AffineTransform();
    switch (o) {
      case 1 -> {}
      case 2 -> { // viewer mirrors left-right: store mirrored
        t.translate(w, 0);
        t.scale(-1, 1);
      }
      case 3 -> { // viewer turns 180°
        t.translate(w, h);
        t.rotate(Math.PI);
      }
      case 4 -> { // viewer mirrors top-bottom
        t.translate(0, h);
        t.scale(1, -1);
      }
      case 5 -> // viewer transposes: store transposed (its own inverse)
          t.setTransform(0, 1, 1, 0, 0, 0);
      case 6 -> { // viewer turns 90° clockwise: store turned 90° counter-clockwise
        t.translate(0, w);
        t.rotate(-Math.PI / 2);
      }
      case 7 -> // viewer transverses: store transversed (its own inverse)
          t.setTransform(0, -1, -1, 0, h, w);
      default -> { // 8, viewer turns 90° counter-clockwise: store turned clockwise
        t.translate(h, 0);
        t.rotate(Math.PI / 2);
      }
    }
    BufferedImage out = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(upright, t, null);
    g.dispose();
    return out;
  }

  public static byte[] jpeg(BufferedImage img) throws IOException {
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter w = it.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.95f);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  /**
   * A JPEG with an EXIF APP1 segment inserted right after SOI: "Exif\0\0", a big-endian TIFF header
   * and one IFD holding Orientation (tag 0x0112, SHORT, 1 value).
   */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD at 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
    tiff.putShort((short) orientation).putShort((short) 0); // value, padded to 4 bytes
    tiff.putInt(0); // no next IFD
    byte[] exif = new byte[6 + tiff.capacity()];
    System.arraycopy(
        "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, exif, 0, 6);
    System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    out.write(0xFF);
    out.write(0xE1);
    int len = exif.length + 2;
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.write(exif, 0, exif.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /**
   * A CMYK JPEG as Adobe writes them: four components, an APP14 "Adobe" segment with transform 0
   * (no colour transform) and inverted samples (0 = full ink). TwelveMonkeys' writer encodes the
   * 4-band raster; the APP14 segment, which it leaves out for a bare raster, is inserted after SOI
   * here (without it a 4-component JPEG is ambiguous and decodes as RGBA). Cyan on the left half,
   * magenta on the right.
   */
  public static byte[] cmykJpeg(int w, int h) throws IOException {
    return fourComponentJpeg(w, h, new int[] {0, 255, 255, 255}, new int[] {255, 0, 255, 255}, 0);
  }

  /**
   * A YCCK JPEG as Adobe writes them: the same cyan and magenta halves as {@link #cmykJpeg} (the
   * same stored CMYK samples), with C, M and Y kept as {@code 255 - sample} through the JFIF
   * RGB-to-YCbCr transform (APP14 transform 2; libjpeg's YCCK-to-CMYK step subtracts from 255) and
   * K as is. A decoder that skips the YCC step, or treats the file as plain CMYK, gets other
   * colours.
   */
  public static byte[] ycckJpeg(int w, int h) throws IOException {
    return fourComponentJpeg(w, h, ycc(0, 255, 255, 255), ycc(255, 0, 255, 255), 2);
  }

  private static int[] ycc(int cs, int ms, int ys, int k) {
    int c = 255 - cs;
    int m = 255 - ms;
    int y = 255 - ys;
    double yy = 0.299 * c + 0.587 * m + 0.114 * y;
    double cb = 128 - 0.168736 * c - 0.331264 * m + 0.5 * y;
    double cr = 128 + 0.5 * c - 0.418688 * m - 0.081312 * y;
    return new int[] {clamp(yy), clamp(cb), clamp(cr), k};
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static byte[] fourComponentJpeg(int w, int h, int[] left, int[] right, int transform)
      throws IOException {
    WritableRaster r =
        Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setPixel(x, y, x < w / 2 ? left : right);
      }
    }
    ImageWriter w2 = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter c = it.next();
      if (c.getClass().getName().startsWith("com.twelvemonkeys")) {
        w2 = c;
      }
    }
    if (w2 == null) {
      throw new IllegalStateException("TwelveMonkeys JPEG writer not registered");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      w2.setOutput(ios);
      w2.write(null, new IIOImage(r, null, null), null);
    } finally {
      w2.dispose();
    }
    byte[] b = out.toByteArray();
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform
    };
    byte[] withAdobe = new byte[b.length + app14.length];
    System.arraycopy(b, 0, withAdobe, 0, 2);
    System.arraycopy(app14, 0, withAdobe, 2, app14.length);
    System.arraycopy(b, 2, withAdobe, 2 + app14.length, b.length - 2);
    return withAdobe;
  }

  static byte[] write(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(img, format, out)) {
      throw new IllegalStateException("no writer for " + format);
    }
    return out.toByteArray();
  }

  /** A PNG with alpha: an opaque red square in the middle of a transparent field. */
  static BufferedImage alphaSquare(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setColor(RED);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return img;
  }

  /** A PDF whose pages are filled red, green, blue: the preview shows page 1 only. */
  static byte[] threePagePdf() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (Color c : new Color[] {RED, GREEN, BLUE}) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.setNonStrokingColor(c);
          cs.addRect(0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
          cs.fill();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /**
   * A lossless WebP (VP8L) built bit by bit: left half green, right half black, all opaque.
   * TwelveMonkeys reads WebP but cannot write it. Every prefix code is a "simple" one (RFC 9649
   * §3.7.2.1.1): red, blue, alpha and distance have a single symbol (0 bits per pixel); green has
   * two, 0 and 255, one bit each, so each pixel costs one bit. No transforms, no color cache.
   */
  static byte[] webp(int w, int h) {
    Bits b = new Bits();
    b.put(0x2f, 8); // VP8L signature
    b.put(w - 1, 14);
    b.put(h - 1, 14);
    b.put(0, 1); // alpha_is_used
    b.put(0, 3); // version
    b.put(0, 1); // no transform
    b.put(0, 1); // no color cache
    b.put(0, 1); // no meta prefix codes
    // green: simple code, two symbols (0 and 255), both 8-bit
    b.put(1, 1);
    b.put(1, 1);
    b.put(1, 1);
    b.put(0, 8);
    b.put(255, 8);
    simple(b, 0); // red
    simple(b, 0); // blue
    simple(b, 255); // alpha
    simple(b, 0); // distance
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // Canonical codes: the smaller symbol (0) gets code 0, 255 gets 1.
        b.put(x < w / 2 ? 1 : 0, 1);
      }
    }
    byte[] data = b.bytes();
    int chunk = data.length;
    int padded = chunk + (chunk & 1);
    ByteBuffer out = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.putInt(12 + padded);
    out.put("WEBPVP8L".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.putInt(chunk);
    out.put(data);
    return out.array();
  }

  private static void simple(Bits b, int symbol) {
    b.put(1, 1); // simple
    b.put(0, 1); // one symbol
    if (symbol < 2) {
      b.put(0, 1); // 1-bit symbol
      b.put(symbol, 1);
    } else {
      b.put(1, 1); // 8-bit symbol
      b.put(symbol, 8);
    }
  }

  /** Little-endian bit writer, least significant bit first (as VP8L reads). */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long acc;
    private int n;

    void put(int value, int bits) {
      acc |= ((long) value & ((1L << bits) - 1)) << n;
      n += bits;
      while (n >= 8) {
        out.write((int) (acc & 0xFF));
        acc >>>= 8;
        n -= 8;
      }
    }

    byte[] bytes() {
      if (n > 0) {
        out.write((int) (acc & 0xFF));
        acc = 0;
        n = 0;
      }
      return out.toByteArray();
    }
  }

  /**
   * A decompression bomb: a valid PNG header declaring {@code w} × {@code h} RGB pixels, followed
   * by a tiny IDAT (a few rows of zeros) and IEND. A decoder that trusts the header allocates
   * w×h×4.
   */
  static byte[] pngBomb(int w, int h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater d = new Deflater();
    d.setInput(new byte[(w * 3 + 1) * 2]);
    d.finish();
    byte[] buf = new byte[64 * 1024];
    int n = d.deflate(buf);
    byte[] idat = java.util.Arrays.copyOf(buf, n);
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
    out.write(len.array());
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}

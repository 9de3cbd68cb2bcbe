package dev.assetstore.store.previews;

import dev.assetstore.blob.LocalCopy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Truncation checks where a decoder would not notice: the JDK's BMP reader and TwelveMonkeys' WebP
 * reader fill missing pixel data, and PDFBox rebuilds a missing cross-reference table and renders
 * what is left. A preview is kept for good, so a truncated file must fail rather than leave a
 * half-blank one. Each format declares its own length (BMP, RIFF) or its end ({@code %%EOF}).
 */
final class Completeness {
  private Completeness() {}

  static void check(LocalCopy source) throws IOException {
    long len = source.size();
    byte[] head = source.read(0, 54);
    int n = head.length;
    if (n >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
      long riff = u32le(head, 4);
      if (len < 8 + riff) {
        throw Unreadable.corrupt();
      }
    } else if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
      bmp(head, n, len);
    } else if (n >= 5 && ascii(head, 0, 5).equals("%PDF-")) {
      pdf(source, len);
    }
  }

  private static void bmp(byte[] h, int n, long len) {
    if (n < 34) {
      throw Unreadable.corrupt();
    }
    long declared = u32le(h, 2);
    long offBits = u32le(h, 10);
    if (declared > 0 && len < declared) {
      throw Unreadable.corrupt();
    }
    long headerSize = u32le(h, 14);
    long compression = headerSize >= 40 ? u32le(h, 30) : 0;
    if (headerSize >= 40 && compression == 0) {
      long w = (int) u32le(h, 18);
      long height = Math.abs((int) u32le(h, 22));
      int bits = (h[28] & 0xFF) | (h[29] & 0xFF) << 8;
      long stride = ((w * bits + 31) / 32) * 4;
      if (w > 0 && len < offBits + stride * height) {
        throw Unreadable.corrupt();
      }
    }
  }

  /** The last {@code %%EOF} must lie in the file's final kilobyte (trailing junk is common). */
  private static void pdf(LocalCopy f, long len) throws IOException {
    int tail = (int) Math.min(len, 1024);
    byte[] end = f.read(len - tail, tail);
    if (!new String(end, StandardCharsets.ISO_8859_1).contains("%%EOF")) {
      throw Unreadable.corrupt();
    }
  }

  private static String ascii(byte[] b, int off, int n) {
    return new String(b, off, n, StandardCharsets.ISO_8859_1);
  }

  private static long u32le(byte[] b, int off) {
    return (b[off] & 0xFFL)
        | (b[off + 1] & 0xFFL) << 8
        | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }
}

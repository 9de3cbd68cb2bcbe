package dev.assetstore.store.previews;

import dev.assetstore.blob.LocalCopy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image's first frame (or page) with ImageIO and the TwelveMonkeys plugins, at the
 * coarsest source subsampling that still gives at least the preview's size, so memory follows the
 * output rather than the source. The declared size is checked before any pixel is decoded.
 */
final class ImageDecoder {
  /** The readers we let near user files (by format name); the JDK's WBMP and others are not. */
  private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "webp", "bmp", "tiff");

  private ImageDecoder() {}

  static Decoded decode(LocalCopy source, PreviewParams p, Abort abort) throws IOException {
    return decode(source, p, abort, TurboJpeg.available());
  }

  /** {@code turbo}: whether a JPEG may go through libjpeg-turbo (tests compare both paths). */
  static Decoded decode(LocalCopy source, PreviewParams p, Abort abort, boolean turbo)
      throws IOException {
    try (ImageInputStream in = new FileImageInputStream(source.path().toFile())) {
      boolean jpeg = in.read() == 0xFF && in.read() == 0xD8;
      in.seek(0);
      int orientation = ExifOrientation.read(in);
      in.seek(0);
      if (jpeg && turbo) {
        Decoded fast = turbo(source, p, orientation);
        if (fast != null) {
          abort.check();
          return fast;
        }
      }
      ImageReader reader = reader(in);
      try {
        reader.setInput(in, true, true);
        Truncation truncation = new Truncation();
        reader.addIIOReadWarningListener(truncation);
        abort.watch(reader);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
          throw Unreadable.corrupt();
        }
        if (w * h > Renderer.MAX_PIXELS) {
          throw Unreadable.tooLarge(w, h);
        }
        boolean swap = ExifOrientation.swapsAxes(orientation);
        int nw = (int) (swap ? h : w);
        int nh = (int) (swap ? w : h);
        double scale = scale(p, nw, nh);
        // Every s-th pixel of every s-th row: still at least the preview's size.
        int s = scale >= 1 ? 1 : Math.max(1, (int) Math.floor(1 / scale));
        ImageReadParam param = reader.getDefaultReadParam();
        if (s > 1) {
          param.setSourceSubsampling(s, s, 0, 0);
        }
        BufferedImage img = reader.read(0, param);
        abort.check();
        if (truncation.seen) {
          throw Unreadable.corrupt();
        }
        return new Decoded(ExifOrientation.apply(img, orientation), nw, nh);
      } finally {
        reader.dispose();
      }
    }
  }

  /** The preview's size over the upright source's: below 1 for every source larger than the box. */
  private static double scale(PreviewParams p, int nw, int nh) {
    return p.cover()
        ? Math.max((double) p.w() / nw, (double) p.h() / nh)
        : Math.min((double) p.w() / nw, (double) p.h() / nh);
  }

  /** A JPEG through libjpeg-turbo at a reduced DCT scale, or null to use ImageIO. */
  private static Decoded turbo(LocalCopy source, PreviewParams p, int orientation)
      throws IOException {
    boolean swap = ExifOrientation.swapsAxes(orientation);
    int[] natural = new int[2];
    java.util.Optional<BufferedImage> img =
        TurboJpeg.decode(
            source,
            h -> {
              if ((long) h.width() * h.height() > Renderer.MAX_PIXELS) {
                throw Unreadable.tooLarge(h.width(), h.height());
              }
              natural[0] = swap ? h.height() : h.width();
              natural[1] = swap ? h.width() : h.height();
              double s = Math.min(1, scale(p, natural[0], natural[1]));
              return new int[] {(int) Math.ceil(h.width() * s), (int) Math.ceil(h.height() * s)};
            });
    return img.map(i -> new Decoded(ExifOrientation.apply(i, orientation), natural[0], natural[1]))
        .orElse(null);
  }

  private static ImageReader reader(ImageInputStream in) {
    Iterator<ImageReader> it = ImageIO.getImageReaders(in);
    while (it.hasNext()) {
      ImageReader r = it.next();
      try {
        if (FORMATS.contains(r.getFormatName().toLowerCase(Locale.ROOT))) {
          return r;
        }
      } catch (IOException e) {
        // not this one
      }
      r.dispose();
    }
    throw Unreadable.corrupt();
  }

  /**
   * The JDK's JPEG decoder fills a truncated image with grey and only warns; such a file is corrupt
   * to us (a half-grey preview would be kept for good). Other warnings (extraneous bytes before a
   * marker, common in camera files) are not.
   */
  private static final class Truncation implements javax.imageio.event.IIOReadWarningListener {
    volatile boolean seen;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
      if (w.contains("premature end") || w.contains("truncat") || w.contains("end of file")) {
        seen = true;
      }
    }
  }
}

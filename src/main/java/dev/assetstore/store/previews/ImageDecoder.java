package dev.assetstore.store.previews;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
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

  static Decoded decode(Path source, PreviewParams p, Abort abort) throws IOException {
    try (ImageInputStream in = new FileImageInputStream(source.toFile())) {
      int orientation = ExifOrientation.read(in);
      in.seek(0);
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
        double scale =
            p.cover()
                ? Math.max((double) p.w() / nw, (double) p.h() / nh)
                : Math.min((double) p.w() / nw, (double) p.h() / nh);
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

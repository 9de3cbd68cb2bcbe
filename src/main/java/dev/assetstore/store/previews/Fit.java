package dev.assetstore.store.previews;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Fits a decoded image into the box: {@code contain} keeps it whole, {@code cover} fills the box
 * and crops the centre; neither enlarges past the source's own size. Downscaling halves with
 * bilinear filtering until within a factor of two, then takes one bicubic step: every source pixel
 * contributes, so there is no nearest-neighbour shimmer, at a fraction of an area filter's cost.
 */
final class Fit {
  private Fit() {}

  /**
   * @param natural the source's own size (oriented), which the preview never exceeds; the decoded
   *     image may be smaller (subsampled) or larger than the result
   */
  static BufferedImage apply(Decoded d, PreviewParams p, boolean alpha) {
    BufferedImage img = d.image();
    double nw = d.naturalWidth();
    double nh = d.naturalHeight();
    double scale = p.cover() ? Math.max(p.w() / nw, p.h() / nh) : Math.min(p.w() / nw, p.h() / nh);
    scale = Math.min(scale, 1.0);
    int sw = Math.max(1, (int) Math.round(nw * scale));
    int sh = Math.max(1, (int) Math.round(nh * scale));
    BufferedImage scaled = resize(img, sw, sh, alpha);
    if (!p.cover()) {
      return scaled;
    }
    int cw = Math.min(p.w(), sw);
    int ch = Math.min(p.h(), sh);
    if (cw == sw && ch == sh) {
      return scaled;
    }
    BufferedImage out = new BufferedImage(cw, ch, scaled.getType());
    Graphics2D g = out.createGraphics();
    g.setComposite(AlphaComposite.Src);
    g.drawImage(scaled, -(sw - cw) / 2, -(sh - ch) / 2, null);
    g.dispose();
    return out;
  }

  static BufferedImage resize(BufferedImage src, int tw, int th, boolean alpha) {
    int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    BufferedImage cur = convert(src, type);
    int w = cur.getWidth();
    int h = cur.getHeight();
    while (w / 2 >= tw && h / 2 >= th) {
      w /= 2;
      h /= 2;
      cur = draw(cur, w, h, type, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    if (w != tw || h != th) {
      cur = draw(cur, tw, th, type, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }
    return cur;
  }

  private static BufferedImage convert(BufferedImage src, int type) {
    if (src.getType() == type) {
      return src;
    }
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
    Graphics2D g = out.createGraphics();
    g.setComposite(AlphaComposite.Src);
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  private static BufferedImage draw(BufferedImage src, int w, int h, int type, Object interp) {
    BufferedImage out = new BufferedImage(w, h, type);
    Graphics2D g = out.createGraphics();
    g.setComposite(AlphaComposite.Src);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interp);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** The image on white, for JPEG (which has no alpha). */
  static BufferedImage opaque(BufferedImage img) {
    if (!img.getColorModel().hasAlpha()) {
      return img.getType() == BufferedImage.TYPE_INT_RGB
          ? img
          : convert(img, BufferedImage.TYPE_INT_RGB);
    }
    BufferedImage out =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return out;
  }
}

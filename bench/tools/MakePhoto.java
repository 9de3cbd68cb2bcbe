import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.FileImageOutputStream;

/**
 * A photo-like JPEG for the preview rows (bench/run.sh): smooth gradients, overlapping shapes and
 * sensor-like noise, so that it compresses about as a camera picture does (a flat image would
 * decode unrealistically fast).
 *
 * <p>java bench/tools/MakePhoto.java OUT.jpg WIDTH HEIGHT SEED
 */
public class MakePhoto {
  public static void main(String[] args) throws Exception {
    int w = Integer.parseInt(args[1]);
    int h = Integer.parseInt(args[2]);
    Random rnd = new Random(Long.parseLong(args[3]));
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(70, 120, 190), 0, h, new Color(230, 200, 150)));
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 400; i++) {
      int x = rnd.nextInt(w);
      int y = rnd.nextInt(h);
      int s = 20 + rnd.nextInt(w / 6);
      g.setPaint(
          new GradientPaint(
              x, y, new Color(rnd.nextInt(0x1000000)), x + s, y + s, new Color(rnd.nextInt(0x1000000))));
      g.fillOval(x - s / 2, y - s / 2, s, s * (1 + rnd.nextInt(3)) / 2);
    }
    g.dispose();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int n = (int) (rnd.nextGaussian() * 6);
        int r = clamp(((row[x] >> 16) & 255) + n);
        int gr = clamp(((row[x] >> 8) & 255) + n);
        int b = clamp((row[x] & 255) + n);
        row[x] = (r << 16) | (gr << 8) | b;
      }
      img.setRGB(0, y, w, 1, row, 0, w);
    }
    var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = writer.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(0.9f);
    try (var out = new FileImageOutputStream(new File(args[0]))) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), p);
    }
    writer.dispose();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}

package dev.assetstore.store.previews;

import dev.assetstore.blob.LocalCopy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** One render: source file → decoded at reduced size → fitted → encoded. Runs on a render slot. */
final class Renderer {
  /**
   * Part of every preview key: bump it when the output of a render changes, so stored previews made
   * by an older renderer are not served for the new parameters.
   */
  static final int VERSION = 1;

  /** Sources above this many pixels are refused before decoding (API.md §11). */
  static final long MAX_PIXELS = 100_000_000L;

  private static final float JPEG_QUALITY = 0.85f;

  /** The encoded preview. */
  record Rendered(byte[] bytes, String contentType) {}

  private Renderer() {}

  static Rendered render(
      SourceKind kind, LocalCopy source, PreviewParams p, Path scratch, Abort abort)
      throws IOException {
    Completeness.check(source);
    Decoded decoded =
        kind == SourceKind.PDF
            ? PdfFirstPage.render(source.path(), p, scratch, abort)
            : ImageDecoder.decode(source, p, abort);
    abort.check();
    boolean alpha = decoded.image().getColorModel().hasAlpha();
    BufferedImage fitted = Fit.apply(decoded, p, alpha);
    abort.check();
    String format = p.format() != null ? p.format() : alpha ? "png" : "jpeg";
    return new Rendered(encode(fitted, format), "image/" + format);
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    if (format.equals("png")) {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer");
      }
      return out.toByteArray();
    }
    BufferedImage rgb = Fit.opaque(img);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter w = writers.next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      ImageWriteParam param = w.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      w.write(null, new IIOImage(rgb, null, null), param);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }
}

package dev.assetstore.store.assets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/** The part's type when it says something; otherwise Tika's guess from the first bytes and name. */
public final class ContentTypes {
  public static final int HEAD_BYTES = 8 * 1024;
  private static volatile Detector detector;

  private ContentTypes() {}

  /** Loads Tika's type database ahead of the first upload. */
  public static void warmUp() {
    detector();
  }

  public static String choose(String partType, byte[] head, String name) {
    String given = specific(partType);
    return given != null ? given : detect(head, name);
  }

  /** Types a browser renders as a document that can run script (or pull in other content). */
  private static final java.util.Set<String> ACTIVE =
      java.util.Set.of(
          "text/html",
          "application/xhtml+xml",
          "image/svg+xml",
          "text/xml",
          "application/xml",
          "text/xsl",
          "application/xslt+xml",
          "text/vnd.wap.wml",
          "multipart/x-mixed-replace",
          "application/mathml+xml",
          "text/rdf",
          "application/rdf+xml");

  /**
   * True for HTML, SVG, every XML type ({@code …/xml}, {@code …+xml}) and the few other types a
   * browser would render as an active document; also for a type that does not parse, since a
   * browser's reading of it cannot be predicted. Such downloads are never shown inline to anyone
   * but an authenticated owner, and then only in a sandbox.
   */
  public static boolean active(String contentType) {
    if (contentType == null) {
      return true;
    }
    MediaType t = MediaType.parse(contentType.trim());
    if (t == null) {
      return true;
    }
    String base = t.getBaseType().toString().toLowerCase(Locale.ROOT);
    return ACTIVE.contains(base) || base.endsWith("+xml") || base.endsWith("/xml");
  }

  static String specific(String partType) {
    if (partType == null) {
      return null;
    }
    MediaType t = MediaType.parse(partType.trim());
    if (t == null) {
      return null;
    }
    String base = t.getBaseType().toString().toLowerCase(Locale.ROOT);
    if (base.equals("application/octet-stream") || base.contains("*")) {
      return null;
    }
    return t.toString();
  }

  static String detect(byte[] head, String name) {
    Metadata md = new Metadata();
    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    try (TikaInputStream in = TikaInputStream.get(new ByteArrayInputStream(head))) {
      return detector().detect(in, md).toString();
    } catch (IOException | RuntimeException e) {
      return "application/octet-stream";
    }
  }

  private static Detector detector() {
    Detector d = detector;
    if (d == null) {
      synchronized (ContentTypes.class) {
        if (detector == null) {
          detector = TikaConfig.getDefaultConfig().getDetector();
        }
        d = detector;
      }
    }
    return d;
  }
}

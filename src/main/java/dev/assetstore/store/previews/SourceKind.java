package dev.assetstore.store.previews;

import java.util.Locale;
import java.util.Set;

/** Which content types have a preview, and which renderer makes it. SVG never does. */
public enum SourceKind {
  IMAGE,
  PDF;

  private static final Set<String> IMAGES =
      Set.of(
          "image/jpeg",
          "image/jpg",
          "image/pjpeg",
          "image/png",
          "image/gif",
          "image/webp",
          "image/bmp",
          "image/x-bmp",
          "image/x-ms-bmp",
          "image/tiff",
          "image/x-tiff");

  /** The kind for a content type, or null when there is no preview for it. */
  public static SourceKind of(String contentType) {
    if (contentType == null) {
      return null;
    }
    String t = contentType;
    int semi = t.indexOf(';');
    if (semi >= 0) {
      t = t.substring(0, semi);
    }
    t = t.trim().toLowerCase(Locale.ROOT);
    if (IMAGES.contains(t)) {
      return IMAGE;
    }
    return t.equals("application/pdf") ? PDF : null;
  }
}

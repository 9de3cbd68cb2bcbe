package dev.assetstore.store.zip;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The one place where stored names become names on someone else's disk: ZIP entry names and the
 * download file name. Stored names are already free of {@code /}, {@code \}, C0 controls and {@code
 * .}/{@code ..} (API.md §5), but an archive is unpacked by tools on every operating system, so each
 * path segment is made portable here:
 *
 * <ul>
 *   <li>control, format (bidi overrides, zero-width), line/paragraph separator and lone surrogate
 *       characters, the separators {@code / \} and Windows' reserved {@code < > : " | ? *} become
 *       {@code _} (so no segment can be a drive letter like {@code C:});
 *   <li>trailing dots and spaces (which Windows strips, merging names) become {@code _};
 *   <li>Windows device names ({@code CON}, {@code nul.txt}, {@code COM1}, …) get a {@code _}
 *       prefix;
 *   <li>a segment is cut to 255 UTF-8 bytes (the common file name limit), keeping its extension.
 * </ul>
 *
 * Each archive has one instance, which makes entry names unique case-insensitively (files and
 * directories alike, since {@code a} and {@code a/} cannot both exist on disk): {@code a.png},
 * {@code A (1).png}. Entry names never start with {@code /}, never contain an empty, {@code .} or
 * {@code ..} segment, and are in NFC. The download file name of a single asset only loses the
 * invisible characters ({@link #visible}), so clients still receive the stored name otherwise.
 */
public final class ZipNames {
  public static final int MAX_SEGMENT_BYTES = 255;
  private static final int MAX_EXTENSION_BYTES = 32;
  private static final String WINDOWS_RESERVED = "<>:\"|?*";
  private static final Set<String> DEVICES =
      Set.of(
          "con", "prn", "aux", "nul", "conin$", "conout$", "com0", "com1", "com2", "com3", "com4",
          "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2",
          "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³");

  private final Set<String> used = new HashSet<>();

  /** A file entry named {@code name} inside {@code dir} ({@code ""} or a directory entry name). */
  public String file(String dir, String name) {
    return claim(dir, portable(name), false);
  }

  /** A directory entry (ending in {@code /}) named {@code name} inside {@code dir}. */
  public String directory(String dir, String name) {
    return claim(dir, portable(name), true);
  }

  private String claim(String dir, String segment, boolean directory) {
    String candidate = segment;
    for (int n = 1; !used.add(fold(dir + candidate)); n++) {
      candidate = numbered(segment, n, directory);
    }
    return dir + candidate + (directory ? "/" : "");
  }

  /** The key under which two names would land on the same file of a case-insensitive disk. */
  private static String fold(String name) {
    return Normalizer.normalize(
        name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /**
   * A name with nothing invisible or misleading in it: control, format (bidi overrides,
   * zero-width), line/paragraph separator and lone surrogate characters become {@code _}. Used for
   * the download file name, where the rest of the stored name is kept as is.
   */
  public static String visible(String raw) {
    return replace(raw, ZipNames::invisible);
  }

  /** One name made safe as a single path segment on any common file system. Never empty. */
  public static String portable(String raw) {
    String out = replace(raw, cp -> invisible(cp) || separatorOrReserved(cp));
    if (out.isEmpty()) {
      out = "_";
    }
    out = cut(out, MAX_SEGMENT_BYTES);
    out = trailing(out);
    String stem = out.split("\\.", 2)[0].stripTrailing().toLowerCase(Locale.ROOT);
    if (DEVICES.contains(stem)) {
      out = cut("_" + out, MAX_SEGMENT_BYTES);
    }
    return out;
  }

  private static String replace(String raw, IntPredicate bad) {
    String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      b.appendCodePoint(bad.test(cp) ? '_' : cp);
    }
    return Normalizer.normalize(b, Normalizer.Form.NFC);
  }

  private static boolean separatorOrReserved(int cp) {
    return cp == '/' || cp == '\\' || WINDOWS_RESERVED.indexOf(cp) >= 0;
  }

  private static boolean invisible(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }

  /** Windows drops trailing dots and spaces, so {@code a.} and {@code a} would collide. */
  private static String trailing(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    return s.substring(0, end) + "_".repeat(s.length() - end);
  }

  /** {@code a.png} → {@code a (n).png}; a directory gets the suffix at the end. */
  private static String numbered(String segment, int n, boolean directory) {
    String suffix = " (" + n + ")";
    int dot = directory ? -1 : segment.lastIndexOf('.');
    if (dot <= 0 || bytes(segment.substring(dot)) > MAX_EXTENSION_BYTES) {
      dot = segment.length();
    }
    String ext = segment.substring(dot);
    String base = segment.substring(0, dot);
    return cutEnd(base, MAX_SEGMENT_BYTES - bytes(suffix) - bytes(ext)) + suffix + ext;
  }

  /** Cuts to at most {@code max} UTF-8 bytes, keeping a short extension. */
  private static String cut(String s, int max) {
    if (bytes(s) <= max) {
      return s;
    }
    int dot = s.lastIndexOf('.');
    if (dot > 0 && bytes(s.substring(dot)) <= MAX_EXTENSION_BYTES) {
      String ext = s.substring(dot);
      return cutEnd(s.substring(0, dot), max - bytes(ext)) + ext;
    }
    return cutEnd(s, max);
  }

  /** The longest prefix of whole code points within {@code max} UTF-8 bytes (at least one). */
  private static String cutEnd(String s, int max) {
    int end = 0;
    int used = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int size = bytes(new String(Character.toChars(cp)));
      if (used + size > max && end > 0) {
        break;
      }
      used += size;
      end += Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}

package dev.assetstore.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A strict reader for the archives we produce. It parses the archive twice — front to back with
 * {@link ZipInputStream} (local headers, as a streaming unzipper sees it) and through the central
 * directory with {@link ZipFile} (as most tools see it) — and fails unless both views agree, every
 * entry's size and CRC32 match its bytes, and every entry name is safe and portable: relative,
 * {@code /}-separated, no empty, {@code .} or {@code ..} segment, no backslash, no drive letter or
 * other Windows-reserved character, no control, format (bidi) or separator character, no trailing
 * dot or space, no device name, NFC, segments of at most 255 UTF-8 bytes, and no two names that
 * would be one file on a case-insensitive disk. Finally it unpacks the archive into a fresh
 * directory, checking that every path stays inside it, and compares what is on disk with the
 * entries.
 */
public final class StrictZip {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
  private static final String RESERVED = "<>:\"|?*\\";
  private static final Set<String> DEVICES =
      Set.of(
          "con", "prn", "aux", "nul", "conin$", "conout$", "com0", "com1", "com2", "com3", "com4",
          "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2",
          "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³");

  private StrictZip() {}

  /**
   * Checks {@code zip} and returns its entries in archive order: name → bytes (null for a
   * directory). Throws {@link AssertionError} naming the first problem.
   */
  public static Map<String, byte[]> check(byte[] zip) {
    Map<String, byte[]> streamed = streamed(zip);
    Map<String, byte[]> central = central(zip);
    if (!List.copyOf(streamed.keySet()).equals(List.copyOf(central.keySet()))) {
      throw new AssertionError(
          "local headers and central directory disagree: "
              + streamed.keySet()
              + " vs "
              + central.keySet());
    }
    streamed.forEach(
        (name, bytes) -> {
          byte[] other = central.get(name);
          if ((bytes == null) != (other == null)
              || (bytes != null && !java.util.Arrays.equals(bytes, other))) {
            throw new AssertionError("entry " + quote(name) + " differs between the two readers");
          }
        });
    Map<String, String> folded = new HashMap<>();
    for (String name : streamed.keySet()) {
      checkName(name);
      String key = fold(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
      String clash = folded.put(key, name);
      if (clash != null) {
        throw new AssertionError(
            "entries " + quote(clash) + " and " + quote(name) + " are one file on some disks");
      }
    }
    for (String name : streamed.keySet()) {
      // A file may not also be a parent directory of another entry.
      for (int i = name.indexOf('/');
          i >= 0 && i < name.length() - 1;
          i = name.indexOf('/', i + 1)) {
        String parent = folded.get(fold(name.substring(0, i)));
        if (parent != null && streamed.get(parent) != null) {
          throw new AssertionError("file " + quote(parent) + " is also a directory of " + name);
        }
      }
    }
    extract(streamed);
    return streamed;
  }

  /** Entry names only, in archive order (after {@link #check}). */
  public static List<String> names(byte[] zip) {
    return new ArrayList<>(check(zip).keySet());
  }

  private static Map<String, byte[]> streamed(byte[] zip) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] data = in.readAllBytes();
        verify(e, data, "local header");
        if (out.put(e.getName(), e.isDirectory() ? null : data) != null) {
          throw new AssertionError("duplicate entry " + quote(e.getName()));
        }
      }
    } catch (IOException ex) {
      throw new AssertionError("ZipInputStream cannot read the archive", ex);
    }
    if (out.isEmpty()) {
      throw new AssertionError("the archive has no entries");
    }
    return out;
  }

  private static Map<String, byte[]> central(byte[] zip) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("strict", ".zip");
      Files.write(tmp, zip);
      Map<String, byte[]> out = new LinkedHashMap<>();
      try (ZipFile z = new ZipFile(tmp.toFile(), StandardCharsets.UTF_8)) {
        for (ZipEntry e : Collections.list(z.entries())) {
          byte[] data;
          try (InputStream in = z.getInputStream(e)) {
            data = in.readAllBytes();
          }
          verify(e, data, "central directory");
          if (out.put(e.getName(), e.isDirectory() ? null : data) != null) {
            throw new AssertionError("duplicate entry " + quote(e.getName()));
          }
        }
        if (z.size() != out.size()) {
          throw new AssertionError("central directory count " + z.size() + " != " + out.size());
        }
      }
      return out;
    } catch (IOException ex) {
      throw new AssertionError("ZipFile cannot read the archive", ex);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // temp file
        }
      }
    }
  }

  private static void verify(ZipEntry e, byte[] data, String where) {
    CRC32 crc = new CRC32();
    crc.update(data);
    if (e.getSize() != data.length || e.getCompressedSize() < 0) {
      throw new AssertionError(
          where
              + ": size of "
              + quote(e.getName())
              + " is "
              + e.getSize()
              + ", read "
              + data.length);
    }
    if (e.getCrc() != crc.getValue()) {
      throw new AssertionError(where + ": CRC32 of " + quote(e.getName()) + " does not match");
    }
    if (e.isDirectory() && data.length != 0) {
      throw new AssertionError("directory " + quote(e.getName()) + " has content");
    }
  }

  /** Throws unless {@code name} is a safe, portable relative entry name. */
  public static void checkName(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new AssertionError("unsafe entry name " + quote(name) + ": " + problem);
    }
  }

  static String problem(String name) {
    if (name.isEmpty()) {
      return "empty";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
      return "longer than a ZIP name can be";
    }
    if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
      return "not NFC";
    }
    if (name.startsWith("/")) {
      return "absolute";
    }
    if (DRIVE.matcher(name).find()) {
      return "drive letter";
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (RESERVED.indexOf(cp) >= 0) {
        return "reserved character " + String.format("U+%04X", cp);
      }
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE) {
        return "control, format or separator character " + String.format("U+%04X", cp);
      }
    }
    String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (String segment : body.split("/", -1)) {
      if (segment.isEmpty()) {
        return "empty segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "'" + segment + "' segment";
      }
      if (segment.endsWith(".") || segment.endsWith(" ")) {
        return "segment ends in a dot or space";
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > 255) {
        return "segment longer than 255 bytes";
      }
      String stem = segment.split("\\.", 2)[0].stripTrailing().toLowerCase(Locale.ROOT);
      if (DEVICES.contains(stem)) {
        return "Windows device name";
      }
    }
    return null;
  }

  private static String fold(String s) {
    return Normalizer.normalize(
        s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /** Unpacks into a fresh directory, refusing any path that leaves it; compares the result. */
  private static void extract(Map<String, byte[]> entries) {
    Path root = null;
    try {
      root = Files.createTempDirectory("strict-unzip").toRealPath();
      for (var e : entries.entrySet()) {
        Path target = root.resolve(e.getKey()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new AssertionError("entry " + quote(e.getKey()) + " leaves the target directory");
        }
        if (e.getValue() == null) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.write(target, e.getValue(), StandardOpenOption.CREATE_NEW);
        }
        if (!target.toRealPath().startsWith(root)) {
          throw new AssertionError("entry " + quote(e.getKey()) + " resolves outside the target");
        }
      }
      Path base = root;
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.filter(p -> !p.equals(base)).toList()) {
          String rel = base.relativize(p).toString();
          boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
          if (dir) {
            continue; // parents of files need no entry of their own
          }
          byte[] expected = entries.get(rel);
          if (expected == null || !java.util.Arrays.equals(expected, Files.readAllBytes(p))) {
            throw new AssertionError("unpacked file " + quote(rel) + " is not an entry as read");
          }
        }
      }
    } catch (IOException ex) {
      throw new AssertionError("unpacking failed: " + ex, ex);
    } finally {
      if (root != null) {
        TestServer.deleteRecursively(root);
      }
    }
  }

  private static String quote(String name) {
    StringBuilder b = new StringBuilder("\"");
    name.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f || Character.getType(cp) == Character.FORMAT) {
                b.append(String.format("\\u%04X", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    return b.append('"').toString();
  }
}

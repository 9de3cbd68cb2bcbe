package dev.assetstore.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sqlite-jdbc's native library in {@code <data dir>/.native/} and points the driver at it.
 * Left to itself the driver writes the library to a fresh temp file on every start and compares it
 * byte by byte with the jar's copy, about a tenth of start-up. Here the kept copy is compared with
 * the jar's in 64 KiB blocks (a few milliseconds) and rewritten when it differs; anything unusual
 * (no bundled library for this platform, an unwritable directory) leaves the driver's own loading.
 */
final class SqliteNative {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);

  private SqliteNative() {}

  static void prepare(Path dataDir) {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    try {
      String name = System.mapLibraryName("sqlitejdbc");
      String resource =
          "/org/sqlite/native/"
              + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS()
              + "/"
              + name;
      Path dir = dataDir.resolve(".native");
      Path file = dir.resolve(name);
      try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
        if (in == null) {
          return;
        }
        byte[] bundled = in.readAllBytes();
        if (!Files.isRegularFile(file) || !Arrays.equals(bundled, Files.readAllBytes(file))) {
          Files.createDirectories(dir);
          Path tmp = Files.createTempFile(dir, name, ".part");
          Files.write(tmp, bundled);
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      System.setProperty("org.sqlite.lib.path", dir.toString());
      System.setProperty("org.sqlite.lib.name", name);
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.debug("sqlite native library left to the driver: {}", e.toString());
    }
  }
}

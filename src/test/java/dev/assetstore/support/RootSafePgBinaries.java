package dev.assetstore.support;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * The bundled PostgreSQL binaries, made runnable by root. PostgreSQL refuses to start as root, and
 * CI runs as root; so {@code initdb} and {@code pg_ctl} become small scripts that, under root, hand
 * the data directory to {@code nobody} and run the real program (renamed {@code *.real}, in the
 * same directory so it still finds {@code postgres}, {@code lib/} and {@code share/}) as {@code
 * nobody} through {@code setpriv}. Under any other user they just run the real program.
 */
final class RootSafePgBinaries implements PgBinaryResolver {
  static final RootSafePgBinaries INSTANCE = new RootSafePgBinaries();

  private static final Set<String> WRAPPED = Set.of("initdb", "pg_ctl");
  private static final String SCRIPT =
      """
      #!/bin/sh
      # Test support (RootSafePgBinaries): PostgreSQL will not run as root; run it as nobody.
      bin=$(cd "$(dirname "$0")" && pwd)
      real="$bin/$(basename "$0").real"
      [ "$(id -u)" = 0 ] || exec "$real" "$@"
      chmod -R a+rX "$bin/.."
      prev=
      for a in "$@"; do
        if [ "$prev" = "-D" ]; then chown -R 65534:65534 "$a"; fi
        prev=$a
      done
      exec setpriv --reuid=65534 --regid=65534 --clear-groups "$real" "$@"
      """;

  private byte[] archive;

  private RootSafePgBinaries() {}

  @Override
  public synchronized InputStream getPgBinary(String system, String machineHardware)
      throws IOException {
    if (archive == null) {
      byte[] original;
      try (InputStream in =
          DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
        original = in.readAllBytes();
      }
      archive = cached(original);
    }
    return new ByteArrayInputStream(archive);
  }

  /**
   * Repacking takes half a minute on a busy machine; the result is kept beside zonky's own
   * extracted binaries, named after the original's digest, so later runs reuse it.
   */
  private static byte[] cached(byte[] original) throws IOException {
    Path dir =
        Path.of(
            System.getProperty(
                "ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    Path file = dir.resolve("root-safe-" + sha256(original) + ".txz");
    if (Files.isRegularFile(file)) {
      return Files.readAllBytes(file);
    }
    byte[] repacked = repack(new ByteArrayInputStream(original));
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "root-safe-", ".tmp");
    Files.write(tmp, repacked);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return repacked;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] repack(InputStream original) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(original));
        TarArchiveOutputStream out =
            new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String program = program(e.getName());
        if (program != null && e.isFile()) {
          TarArchiveEntry script = new TarArchiveEntry(e.getName());
          byte[] text = SCRIPT.getBytes(StandardCharsets.UTF_8);
          script.setSize(text.length);
          script.setMode(0755);
          script.setModTime(e.getModTime());
          out.putArchiveEntry(script);
          out.write(text);
          out.closeArchiveEntry();
          e.setName(e.getName() + ".real");
        }
        out.putArchiveEntry(e);
        if (e.isFile()) {
          in.transferTo(out);
        }
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String program(String entry) {
    for (String p : WRAPPED) {
      if (entry.equals("bin/" + p) || entry.equals("./bin/" + p)) {
        return p;
      }
    }
    return null;
  }
}

package dev.assetstore.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A node's scratch directory, chosen by the composition root: local copies of remote blobs for
 * renderers, and PDFBox's temporary files. Only names made here and by PDFBox land in it.
 */
public final class Scratch {
  private final Path dir;

  /** Creates the directory and removes what a crash left in it. */
  public Scratch(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    removeLeftovers();
  }

  /** The directory itself, for a library's own temporary files and caches. */
  public Path dir() {
    return dir;
  }

  /** Copies {@code length} bytes of a blob to a scratch file, deleted when the copy is closed. */
  LocalCopy copy(BlobStore blobs, String key, long length) throws IOException {
    Path file = Files.createTempFile(dir, "source-", ".tmp");
    try (InputStream in = blobs.open(key, 0, length)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new LocalCopy() {
      @Override
      public Path path() {
        return file;
      }

      @Override
      public void close() throws IOException {
        Files.deleteIfExists(file);
      }
    };
  }

  /**
   * Every temporary file (ours are {@code source-*.tmp}, PDFBox's {@code PDFBox*.tmp}) belongs to a
   * render that died with the process; PDFBox's font cache is kept.
   */
  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}

package dev.assetstore.store.zip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes STORED entries with the CRC32 and size recorded at upload: one pass over each blob, a
 * fixed copy buffer, nothing held in memory but the central directory entries.
 */
public final class ZipWriter {

  /** Opens the bytes of one entry. */
  @FunctionalInterface
  public interface Source {
    InputStream open(ZipEntrySpec entry) throws IOException;
  }

  private ZipWriter() {}

  public static void write(List<ZipEntrySpec> entries, Source source, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    byte[] buf = new byte[64 * 1024];
    for (ZipEntrySpec spec : entries) {
      ZipEntry e = new ZipEntry(spec.name());
      e.setMethod(ZipEntry.STORED);
      e.setSize(spec.size());
      e.setCompressedSize(spec.size());
      e.setCrc(spec.isDirectory() ? new CRC32().getValue() : spec.crc32());
      e.setTime(spec.timeMillis());
      zip.putNextEntry(e);
      if (!spec.isDirectory()) {
        try (InputStream in = source.open(spec)) {
          int n;
          while ((n = in.read(buf)) != -1) {
            zip.write(buf, 0, n);
          }
        }
      }
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }
}

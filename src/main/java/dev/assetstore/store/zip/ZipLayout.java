package dev.assetstore.store.zip;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The exact length of the archive {@link ZipWriter} produces, computed before writing, so the
 * response can carry {@code Content-Length}. It mirrors the record sizes of the JDK's
 * ZipOutputStream for STORED entries with sizes and CRC known up front (no data descriptors, no
 * extended timestamps, ZIP64 records only where a size, offset or count needs them); a unit test
 * holds the two together.
 */
public final class ZipLayout {
  private static final long MAGIC = 0xFFFFFFFFL;
  private static final int MAGIC_COUNT = 0xFFFF;
  private static final int LOC = 30;
  private static final int CEN = 46;
  private static final int END = 22;
  private static final int ZIP64_END = 56;
  private static final int ZIP64_LOCATOR = 20;

  private ZipLayout() {}

  public static long length(List<ZipEntrySpec> entries) {
    long offset = 0;
    long cen = 0;
    for (ZipEntrySpec e : entries) {
      int name = e.name().getBytes(StandardCharsets.UTF_8).length;
      boolean bigSize = e.size() >= MAGIC;
      long entryOffset = offset;
      offset += LOC + name + (bigSize ? 20 : 0) + e.size();
      int zip64 = (bigSize ? 16 : 0) + (entryOffset >= MAGIC ? 8 : 0);
      cen += CEN + name + (zip64 > 0 ? 4 + zip64 : 0);
    }
    boolean zip64End = cen >= MAGIC || offset >= MAGIC || entries.size() >= MAGIC_COUNT;
    return offset + cen + END + (zip64End ? ZIP64_END + ZIP64_LOCATOR : 0);
  }
}

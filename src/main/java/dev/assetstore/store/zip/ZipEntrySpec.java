package dev.assetstore.store.zip;

import java.nio.file.Path;

/**
 * One archive entry: a file (with the size and CRC32 recorded at upload, so the archive can be
 * written STORED in one pass) or a directory ({@code blobKey} null, name ending in '/'). {@code
 * localPath} is the blob's local file when the blob store has one (its bytes can then be sent
 * without passing through the heap), else null.
 */
public record ZipEntrySpec(
    String name, long size, long crc32, String blobKey, long timeMillis, Path localPath) {

  public ZipEntrySpec(String name, long size, long crc32, String blobKey, long timeMillis) {
    this(name, size, crc32, blobKey, timeMillis, null);
  }

  public boolean isDirectory() {
    return blobKey == null;
  }
}

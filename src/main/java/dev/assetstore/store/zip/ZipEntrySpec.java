package dev.assetstore.store.zip;

/**
 * One archive entry: a file (with the size and CRC32 recorded at upload, so the archive can be
 * written STORED in one pass) or a directory ({@code blobKey} null, name ending in '/').
 */
public record ZipEntrySpec(String name, long size, long crc32, String blobKey, long timeMillis) {
  public boolean isDirectory() {
    return blobKey == null;
  }
}

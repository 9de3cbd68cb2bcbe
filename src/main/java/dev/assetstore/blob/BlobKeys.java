package dev.assetstore.blob;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The one form of a blob key, on every backend: 128 random bits as 32 lower-case hex digits. Random
 * per upload, never derived from content, so a key is never reused (the orphan sweep relies on
 * that) and is spread evenly over S3's partitions and our disk shards.
 */
public final class BlobKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private BlobKeys() {}

  public static String newKey() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public static boolean isKey(String s) {
    if (s.length() != 32) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}

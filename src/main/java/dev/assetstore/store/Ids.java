package dev.assetstore.store;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/** UUIDv7 identifiers: time-ordered, so {@code id} is a sound keyset tie-breaker. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern CANONICAL =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private Ids() {}

  public static String newId() {
    long ms = System.currentTimeMillis();
    long msb = (ms << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** True for a canonical lowercase UUID; anything else can name no record. */
  public static boolean isValid(String s) {
    return s != null && s.length() == 36 && CANONICAL.matcher(s).matches();
  }
}

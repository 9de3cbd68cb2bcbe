package dev.assetstore.store.auth;

import java.text.Normalizer;
import java.util.Locale;

/** Login names: compared case-insensitively after NFC normalisation. */
public final class Usernames {
  public static final int MAX_LENGTH = 150;

  private Usernames() {}

  /** The unique key of a login name: NFC, lower-case (Locale.ROOT), surrounding space removed. */
  public static String key(String username) {
    return Normalizer.normalize(username.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** Null if acceptable, otherwise why not. */
  public static String problem(String username) {
    if (username.isBlank()) {
      return "String should have at least 1 character";
    }
    if (!username.equals(username.strip())) {
      return "Username must not start or end with white space";
    }
    for (int i = 0; i < username.length(); i++) {
      if (Character.isISOControl(username.charAt(i))) {
        return "Username must not contain control characters";
      }
    }
    return null;
  }
}

package dev.assetstore.store;

import java.text.Normalizer;

/** Name rules for assets and folders (API.md §5): checked at the edge, stored in NFC. */
public final class Names {
  public static final int MAX_LENGTH = 255;

  private Names() {}

  /** Returns the NFC form of a valid name, or a human reason why it is not valid. */
  public static String normalize(String raw) {
    String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
    String problem = problem(s);
    if (problem != null) {
      throw new InvalidName(problem);
    }
    return s;
  }

  private static String problem(String s) {
    int len = s.codePointCount(0, s.length());
    if (len < 1) {
      return "Name must not be empty";
    }
    if (len > MAX_LENGTH) {
      return "Name must be at most 255 characters";
    }
    if (s.equals(".") || s.equals("..")) {
      return "Name must not be '.' or '..'";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '\\') {
        return "Name must not contain '/' or '\\'";
      }
      if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
        return "Name must not contain control characters";
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          return "Name must be valid Unicode";
        }
        i++;
      }
    }
    return null;
  }

  /** {@code a.png} → {@code a (n).png}; names without an extension get the suffix at the end. */
  public static String numbered(String name, int n) {
    int dot = name.lastIndexOf('.');
    String suffix = " (" + n + ")";
    String base = dot <= 0 ? name : name.substring(0, dot);
    String ext = dot <= 0 ? "" : name.substring(dot);
    int room = MAX_LENGTH - suffix.length() - ext.codePointCount(0, ext.length());
    if (base.codePointCount(0, base.length()) > room) {
      base = base.substring(0, base.offsetByCodePoints(0, Math.max(1, room)));
    }
    return base + suffix + ext;
  }

  public static final class InvalidName extends RuntimeException {
    public InvalidName(String message) {
      super(message, null, false, false);
    }
  }
}

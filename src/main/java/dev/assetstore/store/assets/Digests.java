package dev.assetstore.store.assets;

import dev.assetstore.store.ValidationError;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** RFC 9530 digest fields ({@code sha-256=:<base64>:}); only sha-256 is checked. */
public final class Digests {
  private Digests() {}

  /** The sha-256 member of a digest field; null when absent; 422 when malformed. */
  public static byte[] sha256(String header, String headerName) {
    if (header == null) {
      return null;
    }
    for (String member : header.split(",")) {
      String m = member.trim();
      int eq = m.indexOf('=');
      if (eq <= 0) {
        throw invalid(headerName);
      }
      String alg = m.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = m.substring(eq + 1).trim();
      if (!alg.equals("sha-256")) {
        continue;
      }
      if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
        throw invalid(headerName);
      }
      try {
        byte[] d = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
        if (d.length != 32) {
          throw invalid(headerName);
        }
        return d;
      } catch (IllegalArgumentException e) {
        throw invalid(headerName);
      }
    }
    return null;
  }

  public static String field(String sha256Hex) {
    return "sha-256=:"
        + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex))
        + ":";
  }

  static ValidationError invalid(String headerName) {
    return ValidationError.of(
        "header", headerName, "Malformed digest field (RFC 9530)", "value_error");
  }

  static ValidationError mismatch(String headerName) {
    return ValidationError.of(
        "header", headerName, "Digest does not match the received bytes", "digest_mismatch");
  }
}

package dev.assetstore.store.uploads;

import dev.assetstore.store.ApiError;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * tus's {@code Upload-Checksum: <algorithm> <base64>}: the digest of one request's bytes (the
 * checksum extension; {@code sha1} and {@code sha256}).
 */
public record Checksum(String algorithm, byte[] expected) {

  /** Parses the header; 400 for one that does not parse or names another algorithm. */
  public static Checksum parse(String header) {
    if (header == null) {
      return null;
    }
    String[] p = header.trim().split(" +", 2);
    String alg = p[0].toLowerCase(Locale.ROOT);
    if (!alg.equals("sha1") && !alg.equals("sha256")) {
      throw new ApiError(400, "Upload-Checksum algorithm must be sha1 or sha256");
    }
    if (p.length != 2) {
      throw new ApiError(400, "Upload-Checksum must be '<algorithm> <base64 digest>'");
    }
    byte[] digest;
    try {
      digest = Base64.getDecoder().decode(p[1].trim());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "Upload-Checksum digest is not valid base64");
    }
    if (digest.length != (alg.equals("sha1") ? 20 : 32)) {
      throw new ApiError(400, "Upload-Checksum digest has the wrong length for " + alg);
    }
    return new Checksum(alg, digest);
  }

  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha1") ? "SHA-1" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

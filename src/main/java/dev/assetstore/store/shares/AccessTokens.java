package dev.assetstore.store.shares;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetstore.db.ShareRow;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Share access tokens: {@code sat_<payload>.<HMAC-SHA256>}, the payload naming the share, its
 * target, the share's epoch and an expiry. The key lives in the database, so every node can verify;
 * the epoch makes a password or recipient change kill every token issued before it.
 */
public final class AccessTokens {
  public static final String PREFIX = "sat_";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private final SecretKeySpec key;

  /** What a valid token says. */
  public record Claims(String shareId, String targetId, int epoch, long expires) {}

  public AccessTokens(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  public String issue(ShareRow share, long expiresMicros) {
    ObjectNode n = JSON.createObjectNode();
    n.put("s", share.id());
    n.put("t", share.targetId());
    n.put("e", share.epoch());
    n.put("x", expiresMicros);
    byte[] payload = n.toString().getBytes(StandardCharsets.UTF_8);
    return PREFIX + B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
  }

  /** The claims of a well-formed token we signed, or null; expiry is the caller's check. */
  public Claims verify(String token) {
    try {
      if (token == null || !token.startsWith(PREFIX) || token.length() > 1024) {
        return null;
      }
      String body = token.substring(PREFIX.length());
      int dot = body.indexOf('.');
      if (dot <= 0) {
        return null;
      }
      byte[] payload = D64.decode(body.substring(0, dot));
      byte[] tag = D64.decode(body.substring(dot + 1));
      // Re-encoding rejects alternative spellings of the same bytes.
      if (!B64.encodeToString(payload).equals(body.substring(0, dot))
          || !B64.encodeToString(tag).equals(body.substring(dot + 1))
          || !MessageDigest.isEqual(tag, mac(payload))) {
        return null;
      }
      JsonNode n = JSON.readTree(payload);
      return new Claims(
          n.get("s").textValue(),
          n.get("t").textValue(),
          n.get("e").intValue(),
          n.get("x").longValue());
    } catch (RuntimeException | java.io.IOException e) {
      return null;
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.assetstore.store.listing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetstore.db.ListQuery.Keyset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque cursors: base64url of {sort, order, last key, filter hash} plus an HMAC over it, keyed by
 * a secret kept in the database so every node accepts every other node's cursors.
 */
public final class Cursors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final int TAG_BYTES = 16;
  private final SecretKeySpec key;

  /** Initialised once; each tag is computed on a clone (looking up and keying a Mac costs more). */
  private final Mac prototype;

  public Cursors(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.prototype = newMac();
  }

  /** What a valid cursor carries. */
  public record Position(String sortBy, boolean descending, String filterHash, Keyset keyset) {}

  public String encode(Position p) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(160);
    try (JsonGenerator g = JSON.getFactory().createGenerator(payload)) {
      g.writeStartObject();
      g.writeStringField("s", p.sortBy());
      g.writeStringField("o", p.descending() ? "desc" : "asc");
      g.writeStringField("h", p.filterHash());
      Object v = p.keyset().value();
      if (v instanceof Long l) {
        g.writeNumberField("v", l);
      } else {
        g.writeStringField("v", (String) v);
      }
      g.writeStringField("i", p.keyset().id());
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] bytes = payload.toByteArray();
    return B64.encodeToString(bytes) + "." + B64.encodeToString(tag(bytes));
  }

  /** Returns the position, or null when the cursor is malformed or was not signed by us. */
  public Position decode(String cursor) {
    try {
      int dot = cursor.indexOf('.');
      if (dot <= 0 || cursor.length() > 4096) {
        return null;
      }
      byte[] payload = D64.decode(cursor.substring(0, dot));
      byte[] tag = D64.decode(cursor.substring(dot + 1));
      // Base64 ignores the unused low bits of the last character: re-encoding rejects the
      // other spellings of the same bytes, so only the exact cursor we issued is accepted.
      if (!B64.encodeToString(payload).equals(cursor.substring(0, dot))
          || !B64.encodeToString(tag).equals(cursor.substring(dot + 1))
          || !MessageDigest.isEqual(tag, tag(payload))) {
        return null;
      }
      JsonNode n = JSON.readTree(payload);
      JsonNode v = n.get("v");
      Object value = v.isIntegralNumber() ? (Object) v.longValue() : v.textValue();
      if (value == null) {
        return null;
      }
      return new Position(
          n.get("s").textValue(),
          "desc".equals(n.get("o").textValue()),
          n.get("h").textValue(),
          new Keyset(value, n.get("i").textValue()));
    } catch (RuntimeException | java.io.IOException e) {
      return null;
    }
  }

  private byte[] tag(byte[] payload) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      mac = newMac();
    }
    return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A short stable hash of the canonical filter string. */
  public static String hash(String canonicalFilters) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalFilters.getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(Arrays.copyOf(d, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.assetstore.http.tus;

import dev.assetstore.store.ApiError;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The headers of tus 1.0.0 (and the IETF draft's, {@link Dialect}) on our upload resources. */
final class TusWire {
  static final String VERSION = "1.0.0";
  static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum";
  static final String OFFSET_TYPE = "application/offset+octet-stream";
  static final String BASE = "/api/store/asset/tus/";

  private TusWire() {}

  /** Every tus response names the protocol version. */
  static void common(HttpServerResponse resp) {
    resp.putHeader("Tus-Resumable", VERSION);
    resp.putHeader("Cache-Control", "no-store");
  }

  static void status(HttpServerResponse resp, UploadService.Status s) {
    resp.putHeader("Upload-Offset", Long.toString(s.offset()));
    resp.putHeader("Upload-Length", Long.toString(s.length()));
    resp.putHeader("Upload-Expires", httpDate(s.expiresMicros()));
  }

  static String httpDate(long micros) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochSecond(micros / 1_000_000).atOffset(ZoneOffset.UTC));
  }

  /** A non-negative whole number header; null when absent, 400 when malformed. */
  static Long number(HttpServerRequest req, String name) {
    String v = req.getHeader(name);
    if (v == null) {
      return null;
    }
    String t = v.trim();
    if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ApiError(400, name + " must be a non-negative whole number");
    }
    return Long.parseLong(t);
  }

  /** The media type of the request body without parameters, lower-case; "" when absent. */
  static String contentType(HttpServerRequest req) {
    String type = req.getHeader("Content-Type");
    return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code Upload-Metadata}: comma-separated {@code key base64value} pairs (a key alone means an
   * empty value). Values must be base64 of UTF-8 text; anything else is 400.
   */
  static Map<String, String> metadata(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    for (String pair : header.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      String[] kv = p.split(" +", 2);
      String key = kv[0];
      if (out.containsKey(key)) {
        throw new ApiError(400, "Upload-Metadata names '" + key + "' twice");
      }
      String value = "";
      if (kv.length == 2) {
        try {
          byte[] raw = Base64.getDecoder().decode(kv[1].trim());
          value =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(java.nio.ByteBuffer.wrap(raw))
                  .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
          throw new ApiError(400, "Upload-Metadata value of '" + key + "' is not base64 UTF-8");
        }
      }
      out.put(key, value);
    }
    return out;
  }
}

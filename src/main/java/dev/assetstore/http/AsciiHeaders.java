package dev.assetstore.http;

import io.netty.util.AsciiString;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Header names and values as pre-encoded bytes. Netty copies a {@link AsciiString} into the
 * response in one bulk copy, but a {@link String} char by char into a direct buffer: on a 4 KiB
 * download that loop was 13 % of the event loop's time (bench/PROFILE.md, "Session 3").
 */
public final class AsciiHeaders {
  public static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
  public static final CharSequence LAST_MODIFIED = HttpHeaders.createOptimized("Last-Modified");
  public static final CharSequence ACCEPT_RANGES = HttpHeaders.createOptimized("Accept-Ranges");
  public static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
  public static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  public static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");
  public static final CharSequence CONTENT_DISPOSITION =
      HttpHeaders.createOptimized("Content-Disposition");
  public static final CharSequence REPR_DIGEST = HttpHeaders.createOptimized("Repr-Digest");
  public static final CharSequence NOSNIFF_NAME =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  public static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");

  public static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
  public static final CharSequence PRIVATE_NO_CACHE =
      HttpHeaders.createOptimized("private, no-cache");
  public static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private AsciiHeaders() {}

  /**
   * The value as bytes. Characters above U+00FF become {@code ?}, as Netty's own encoding of a
   * {@code String} value does, so the bytes on the wire are the same either way.
   */
  public static CharSequence of(String value) {
    return new AsciiString(value.getBytes(StandardCharsets.ISO_8859_1), false);
  }
}

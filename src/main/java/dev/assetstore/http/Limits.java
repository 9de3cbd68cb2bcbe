package dev.assetstore.http;

import java.time.Duration;

/**
 * The bounds on what one request may send and how slowly. The configurable ones come from {@code
 * ASSET_STORE_*} variables (see the README); the fixed ones are constants below. Each is enforced
 * with a contract-shaped answer, and {@code LimitsTest} holds every one at and just over its edge.
 *
 * @param maxHeaderBytes total bytes of the header lines (CRLFs not counted); over it: 431
 * @param maxHeaders number of header fields; over it: 431
 * @param maxJsonBytes a JSON (and share-redemption) body; over it: 413
 * @param headerTimeout a connection must deliver a complete request head this soon after it opens
 *     or after its previous response ended; otherwise it is closed
 * @param bodyTimeout the grace a request body starts with; every {@link #BODY_MIN_BYTES_PER_SECOND}
 *     bytes received extend it by one second. A body that falls behind gets 408 and is cut off
 * @param idleTimeout a connection on which nothing moves either way for this long is closed
 */
public record Limits(
    int maxHeaderBytes,
    int maxHeaders,
    long maxJsonBytes,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout) {

  /** Request lines up to 64 KiB (the contract's figure: a 1,000-id download URL is ~40 KB). */
  public static final int MAX_REQUEST_LINE = 64 * 1024;

  /** Query parameters (name=value pairs) per request; over it: 422. */
  public static final int MAX_QUERY_PARAMS = 1024;

  /** Form fields per request, files included (login form, upload parts); over it: 413. */
  public static final int MAX_FORM_FIELDS = 64;

  /** The answer to a form with more than {@link #MAX_FORM_FIELDS} fields or parts. */
  public static dev.assetstore.store.ApiError tooManyFormFields() {
    return new dev.assetstore.store.ApiError(
        413, "Too many form fields or parts (at most " + MAX_FORM_FIELDS + ")");
  }

  /** One form field's value, and the bytes buffered while decoding a form; over it: 413. */
  public static final int MAX_FORM_FIELD_BYTES = 64 * 1024;

  /** A login or refresh body; over it: 413. */
  public static final long LOGIN_BODY_BYTES = 8 * 1024;

  /** The slowest average rate at which a request body keeps its deadline moving. */
  public static final int BODY_MIN_BYTES_PER_SECOND = 1024;

  public static final Limits DEFAULTS =
      new Limits(
          32 * 1024,
          100,
          1024 * 1024,
          Duration.ofSeconds(20),
          Duration.ofSeconds(20),
          Duration.ofSeconds(120));

  public Limits {
    if (maxHeaderBytes < 1024 || maxHeaders < 8 || maxJsonBytes < 1024) {
      throw new IllegalArgumentException(
          "header bytes and JSON bytes must be at least 1024, header count at least 8");
    }
    for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }
  }
}

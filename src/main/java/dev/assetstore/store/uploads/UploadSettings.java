package dev.assetstore.store.uploads;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code ASSET_STORE_MAX_RESUMABLE_BYTES}, {@code ASSET_STORE_RESUMABLE_EXPIRY_HOURS}, and the
 * clock that expiry reads (tests move it instead of waiting a day).
 */
public record UploadSettings(long maxBytes, Duration expiry, Clock clock) {
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;

  long nowMicros() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  long expiresFrom(long nowMicros) {
    return nowMicros + expiry.toNanos() / 1000;
  }
}

package dev.assetstore.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamps: epoch microseconds inside, RFC 3339 UTC with six fraction digits outside. */
public final class Times {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static long nowMicros() {
    Instant now = Instant.now();
    return ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  public static String format(long micros) {
    return RFC3339.format(toInstant(micros));
  }

  public static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** Parses an RFC 3339 date-time with offset; null if it is not one. */
  public static Long parse(String s) {
    try {
      Instant i = java.time.OffsetDateTime.parse(s).toInstant();
      return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }
}

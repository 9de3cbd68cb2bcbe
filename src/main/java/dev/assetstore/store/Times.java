package dev.assetstore.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
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

  /**
   * Digit by digit for years 0000–9999 (every list item carries two of these, and the formatter was
   * a tenth of a list page's CPU); other years through the formatter, for its sign rules.
   */
  public static String format(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    if (seconds < MIN_FAST || seconds >= MAX_FAST) {
      return RFC3339.format(toInstant(micros));
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    byte[] b = new byte[27];
    digits(b, 0, t.getYear(), 4);
    b[4] = '-';
    digits(b, 5, t.getMonthValue(), 2);
    b[7] = '-';
    digits(b, 8, t.getDayOfMonth(), 2);
    b[10] = 'T';
    digits(b, 11, t.getHour(), 2);
    b[13] = ':';
    digits(b, 14, t.getMinute(), 2);
    b[16] = ':';
    digits(b, 17, t.getSecond(), 2);
    b[19] = '.';
    digits(b, 20, fraction, 6);
    b[26] = 'Z';
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
  private static final long MIN_FAST = -62_167_219_200L;

  private static final long MAX_FAST = 253_402_300_800L;

  private static void digits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
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

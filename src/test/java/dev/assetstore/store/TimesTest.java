package dev.assetstore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Times#format} writes what the RFC 3339 pattern it replaced wrote, for every instant. */
class TimesTest {
  static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  static String expected(long micros) {
    return PATTERN.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
  }

  @Test
  void formatsLikeTheDateTimeFormatter() {
    long[] edges = {
      0,
      1,
      -1,
      999_999,
      1_000_000,
      -1_000_000,
      -1_000_001,
      951_782_400_000_000L, // 2000-02-29
      -62_167_219_200_000_000L, // 0000-01-01
      -62_167_219_200_000_001L,
      253_402_300_799_999_999L, // 9999-12-31T23:59:59.999999
      253_402_300_800_000_000L, // 10000-01-01
      Long.MAX_VALUE / 1000,
      Long.MIN_VALUE / 1000
    };
    for (long m : edges) {
      assertThat(Times.format(m)).as("%d", m).isEqualTo(expected(m));
    }
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int i = 0; i < 200_000; i++) {
      long m = (r.nextLong() % 400_000_000_000_000_000L);
      assertThat(Times.format(m)).as("seed %d, %d", seed, m).isEqualTo(expected(m));
      long near = 1_700_000_000_000_000L + r.nextLong(100_000_000_000_000L);
      assertThat(Times.format(near)).as("seed %d, %d", seed, near).isEqualTo(expected(near));
    }
    assertThat(Times.parse(Times.format(1_764_300_000_123_456L))).isEqualTo(1_764_300_000_123_456L);
  }
}

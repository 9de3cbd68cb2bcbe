package dev.assetstore.store.uploads;

/**
 * The CRC-32 of two byte strings joined, from the CRC-32 of each and the second one's length
 * (zlib's {@code crc32_combine}: appending {@code len2} zero bits is a linear map over GF(2), and
 * its matrix is squared up by powers of two). This is what lets a resumable upload keep its CRC-32
 * from piece to piece without {@link java.util.zip.CRC32} exposing a way to resume from a value.
 */
final class Crc32Combine {
  private static final long POLY = 0xEDB88320L;

  private Crc32Combine() {}

  static long combine(long crc1, long crc2, long len2) {
    if (len2 <= 0) {
      return crc1;
    }
    long[] even = new long[32];
    long[] odd = new long[32];
    odd[0] = POLY;
    long row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long crc = crc1;
    long len = len2;
    do {
      square(even, odd); // each pass adds a byte, then two, four…
      if ((len & 1) != 0) {
        crc = times(even, crc);
      }
      len >>= 1;
      if (len == 0) {
        break;
      }
      square(odd, even);
      if ((len & 1) != 0) {
        crc = times(odd, crc);
      }
      len >>= 1;
    } while (len != 0);
    return (crc ^ crc2) & 0xFFFFFFFFL;
  }

  private static long times(long[] mat, long vec) {
    long sum = 0;
    int i = 0;
    while (vec != 0) {
      if ((vec & 1) != 0) {
        sum ^= mat[i];
      }
      vec >>>= 1;
      i++;
    }
    return sum;
  }

  private static void square(long[] square, long[] mat) {
    for (int n = 0; n < 32; n++) {
      square[n] = times(mat, mat[n]);
    }
  }
}

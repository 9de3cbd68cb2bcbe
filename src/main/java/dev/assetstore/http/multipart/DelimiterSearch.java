package dev.assetstore.http.multipart;

import java.util.Arrays;

/**
 * Boyer-Moore-Horspool search for a multipart delimiter ({@code CRLF--boundary}). Over file content
 * the search looks at about one byte in every delimiter length, which is what makes our scanner
 * cheaper than a byte-by-byte scan (see docs/decisions.md, "Upload throughput").
 */
final class DelimiterSearch {
  private final byte[] pattern;
  private final int[] shift = new int[256];

  DelimiterSearch(byte[] pattern) {
    if (pattern.length < 2 || pattern[0] != '\r') {
      throw new IllegalArgumentException("a delimiter starts with CR and has at least 2 bytes");
    }
    this.pattern = pattern.clone();
    int m = pattern.length;
    Arrays.fill(shift, m);
    for (int i = 0; i < m - 1; i++) {
      shift[pattern[i] & 0xff] = m - 1 - i;
    }
  }

  int length() {
    return pattern.length;
  }

  /** The first index in {@code [from, to)} where the whole delimiter starts, or -1. */
  int indexOf(byte[] a, int from, int to) {
    int m = pattern.length;
    byte last = pattern[m - 1];
    int i = from;
    int limit = to - m;
    while (i <= limit) {
      byte b = a[i + m - 1];
      if (b == last && Arrays.equals(a, i, i + m - 1, pattern, 0, m - 1)) {
        return i;
      }
      i += shift[b & 0xff];
    }
    return -1;
  }

  /**
   * The length of the longest tail of {@code a[from, to)} that is a proper prefix of the delimiter:
   * those bytes may continue into the next chunk and must be held back.
   */
  int partialTail(byte[] a, int from, int to) {
    for (int k = Math.min(pattern.length - 1, to - from); k > 0; k--) {
      if (a[to - k] == '\r' && Arrays.equals(a, to - k, to, pattern, 0, k)) {
        return k;
      }
    }
    return 0;
  }

  /**
   * Whether {@code a[from, to)} equals the delimiter's first {@code to - from} bytes (all of it
   * when the range is as long).
   */
  boolean prefixAt(byte[] a, int from, int to) {
    int n = Math.min(to - from, pattern.length);
    return Arrays.equals(a, from, from + n, pattern, 0, n);
  }
}

package dev.assetstore.store.assets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Passes a stream through, keeping its first bytes for type detection and stopping with 413 once
 * more than {@code limit} bytes arrive.
 */
final class HeadCapture extends FilterInputStream {
  private final byte[] head = new byte[ContentTypes.HEAD_BYTES];
  private final long limit;
  private int headLength;
  private long count;

  HeadCapture(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  byte[] head() {
    return Arrays.copyOf(head, headLength);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      if (headLength < head.length) {
        int k = Math.min(n, head.length - headLength);
        System.arraycopy(b, off, head, headLength, k);
        headLength += k;
      }
      count += n;
      if (count > limit) {
        throw new TooLarge();
      }
    }
    return n;
  }

  /** The upload passed the size limit. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("upload over the limit", null);
    }
  }
}

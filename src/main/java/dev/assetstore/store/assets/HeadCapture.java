package dev.assetstore.store.assets;

import dev.assetstore.blob.ChunkedInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Passes a stream through, keeping its first bytes for type detection and stopping with 413 once
 * more than {@code limit} bytes arrive. Lends the chunks of a {@link ChunkedInput} source as they
 * are.
 */
final class HeadCapture extends FilterInputStream implements ChunkedInput {
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
      counted(n);
    }
    return n;
  }

  @Override
  public ByteBuffer nextChunk() throws IOException {
    if (!(in instanceof ChunkedInput chunks)) {
      byte[] b = new byte[64 * 1024];
      int n = read(b, 0, b.length);
      return n < 0 ? null : ByteBuffer.wrap(b, 0, n);
    }
    ByteBuffer c = chunks.nextChunk();
    if (c != null && c.hasRemaining()) {
      if (headLength < head.length) {
        int k = Math.min(c.remaining(), head.length - headLength);
        c.get(c.position(), head, headLength, k);
        headLength += k;
      }
      counted(c.remaining());
    }
    return c;
  }

  private void counted(int n) throws TooLarge {
    count += n;
    if (count > limit) {
      throw new TooLarge();
    }
  }

  /** The upload passed the size limit. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("upload over the limit", null);
    }
  }
}

package dev.assetstore.blob.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of a ranged GetObject, read as it arrives from S3 (the caller's pace is the
 * backpressure). Closing it before the end aborts the connection instead of draining the rest of
 * the range, so a client that goes away mid-download does not make us read the remaining bytes.
 */
final class ObjectSlice extends InputStream {
  private final ResponseInputStream<?> in;
  private long left;

  ObjectSlice(ResponseInputStream<?> in, long length) {
    this.in = in;
    this.left = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (left <= 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, left));
    } catch (SdkException e) {
      throw new IOException("S3 read failed: " + e.getMessage(), e);
    }
    if (n == -1) {
      throw new EOFException("S3 object ended " + left + " bytes early");
    }
    left -= n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (left > 0) {
      in.abort();
    }
    try {
      in.close();
    } catch (IOException | SdkException e) {
      // Aborted connections may refuse a clean close; nothing is left to release.
    }
  }
}

package dev.assetstore.support;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.StoredBlob;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A real blob store behind a switch that makes writes fail part-way, as a full disk or a dying
 * device would: the real store receives the first {@code bytes} of the upload, then its next read
 * throws. The real store's own clean-up runs, so what it leaves behind is what production leaves.
 * Reads, deletes, resumable uploads and everything else pass straight through.
 */
public final class FailingBlobStore extends ForwardingBlobStore {
  private volatile Supplier<IOException> failure;
  private volatile long afterBytes;
  private final java.util.concurrent.atomic.AtomicInteger writesStarted =
      new java.util.concurrent.atomic.AtomicInteger();

  public FailingBlobStore(BlobStore real) {
    super(real);
  }

  /** From now on every write fails once it has passed {@code bytes} bytes to the real store. */
  public void failWritesAfter(long bytes, Supplier<IOException> failure) {
    this.afterBytes = bytes;
    this.failure = failure;
  }

  /** How many writes have begun: a backend-neutral sign that an upload reached the store. */
  public int writesStarted() {
    return writesStarted.get();
  }

  /** Writes work again. */
  public void heal() {
    this.failure = null;
  }

  @Override
  public StoredBlob put(InputStream in) throws IOException {
    writesStarted.incrementAndGet();
    Supplier<IOException> f = failure;
    return real.put(f == null ? in : new FailAfter(in, afterBytes, f));
  }

  /** Delivers {@code limit} bytes, then throws on the next read (even one that would be EOF). */
  private static final class FailAfter extends FilterInputStream {
    private final Supplier<IOException> failure;
    private long left;

    FailAfter(InputStream in, long limit, Supplier<IOException> failure) {
      super(in);
      this.left = limit;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw failure.get();
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}

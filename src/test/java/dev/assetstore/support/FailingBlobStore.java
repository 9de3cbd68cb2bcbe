package dev.assetstore.support;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.StoredBlob;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A real blob store behind a switch that makes writes fail part-way, as a full disk or a dying
 * device would: the real store receives the first {@code bytes} of the upload, then its next read
 * throws. The real store's own clean-up runs, so what it leaves behind is what production leaves.
 * Reads, deletes and everything else pass straight through.
 */
public final class FailingBlobStore implements BlobStore {
  private final BlobStore real;
  private volatile Supplier<IOException> failure;
  private volatile long afterBytes;
  private final java.util.concurrent.atomic.AtomicInteger writesStarted =
      new java.util.concurrent.atomic.AtomicInteger();

  public FailingBlobStore(BlobStore real) {
    this.real = real;
  }

  /** Resumable uploads go to the real store unchanged. */
  @Override
  public dev.assetstore.blob.ResumableBlobs resumable() {
    return real.resumable();
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

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    return real.open(key, offset, length);
  }

  @Override
  public Optional<Path> localPath(String key) {
    return real.localPath(key);
  }

  @Override
  public void delete(String key) throws IOException {
    real.delete(key);
  }

  @Override
  public void removeTemporaryFiles() throws IOException {
    real.removeTemporaryFiles();
  }

  @Override
  public Instant stampNow() throws IOException {
    return real.stampNow();
  }

  @Override
  public void listKeys(int batchSize, Instant writtenBefore, Consumer<Collection<String>> batch)
      throws IOException {
    real.listKeys(batchSize, writtenBefore, batch);
  }

  @Override
  public boolean isReady() {
    return real.isReady();
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

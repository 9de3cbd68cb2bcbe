package dev.assetstore.support;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.ResumableBlobs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A real blob store whose resumable uploads can be stopped, once, at a point where a SIGKILL would
 * leave the storage and the database out of step, without killing a process: what the real store
 * did up to that point stays done, and nothing after it happens. The writer's request then fails,
 * as the killed process's connection would have; everything that is read back later (storage, the
 * upload's row) is what a restarted node would find.
 */
public final class CrashingUploads extends ForwardingBlobStore {
  /** Where the next resumable upload to reach it stops. */
  public enum Point {
    /** The blob is complete in storage (S3: the multipart upload completed); no asset recorded. */
    AFTER_FINISH,
    /** The completion is recorded; the store is never told, so it tidies nothing. */
    BEFORE_TIDY
  }

  private final AtomicReference<Point> armed = new AtomicReference<>();
  private final Uploads uploads;

  public CrashingUploads(BlobStore real) {
    super(real);
    this.uploads = real.resumable() == null ? null : new Uploads(real.resumable());
  }

  /** The next upload to reach {@code at} stops there. */
  public void crashAt(Point at) {
    armed.set(at);
  }

  /** Whether the armed point was reached (and so disarmed). */
  public boolean crashed() {
    return armed.get() == null;
  }

  @Override
  public ResumableBlobs resumable() {
    return uploads;
  }

  private final class Uploads implements ResumableBlobs {
    private final ResumableBlobs real;

    Uploads(ResumableBlobs real) {
      this.real = real;
    }

    @Override
    public Appender appender(String key, long offset, String state) throws IOException {
      return new Stopping(real.appender(key, offset, state));
    }

    @Override
    public void abort(String key, String state) throws IOException {
      real.abort(key, state);
    }

    @Override
    public void tidyFinished(String key) throws IOException {
      real.tidyFinished(key);
    }

    @Override
    public void spare(Function<Collection<String>, Set<String>> live) {
      real.spare(live);
    }
  }

  private final class Stopping implements ResumableBlobs.Appender {
    private final ResumableBlobs.Appender real;
    private boolean finished;

    Stopping(ResumableBlobs.Appender real) {
      this.real = real;
    }

    @Override
    public long room() {
      return real.room();
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
      real.write(chunk);
    }

    @Override
    public String sync() throws IOException {
      return real.sync();
    }

    @Override
    public void finish() throws IOException {
      real.finish();
      finished = true;
      if (armed.compareAndSet(Point.AFTER_FINISH, null)) {
        throw new IOException("killed (test) after the blob was finished");
      }
    }

    @Override
    public void recorded() {
      if (finished && armed.compareAndSet(Point.BEFORE_TIDY, null)) {
        return;
      }
      real.recorded();
    }

    @Override
    public void close() {
      real.close();
    }
  }
}

package dev.assetstore.http.io;

import dev.assetstore.blob.ChunkedInput;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a virtual thread read a Vert.x stream as an {@link InputStream}. The event loop pushes
 * buffers; past a high-water mark the source is paused, and resumed once the reader has drained
 * below a low-water mark, so memory stays bounded whatever the upload size. As a {@link
 * ChunkedInput} it lends the received buffers themselves.
 */
public final class ReadStreamInputStream extends InputStream implements ChunkedInput {
  private static final long HIGH_WATER = 1024 * 1024;
  private static final long LOW_WATER = 256 * 1024;

  private final ReadStream<Buffer> source;
  private final Context context;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private long queued;
  private boolean paused;
  private boolean ended;
  private IOException failure;
  private Buffer current;
  private int pos;

  public ReadStreamInputStream(ReadStream<Buffer> source, Context context) {
    this.source = source;
    this.context = context;
  }

  /** Event loop: a chunk arrived. */
  public void onData(Buffer b) {
    lock.lock();
    try {
      if (failure != null) {
        return;
      }
      queue.add(b);
      queued += b.length();
      if (!paused && queued > HIGH_WATER) {
        paused = true;
        source.pause();
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Event loop: the stream ended normally. */
  public void onEnd() {
    lock.lock();
    try {
      ended = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Any thread: the stream failed or the client went away; the reader sees an IOException. */
  public void onError(Throwable t) {
    lock.lock();
    try {
      if (failure == null && !ended) {
        failure = t instanceof IOException io ? io : new IOException("upload aborted", t);
      }
      queue.clear();
      queued = 0;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (current == null || pos >= current.length()) {
      if (!next()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length() - pos);
    current.getBytes(pos, pos + n, dst, off);
    pos += n;
    return n;
  }

  @Override
  public ByteBuffer nextChunk() throws IOException {
    if (current == null || pos >= current.length()) {
      if (!next()) {
        return null;
      }
    }
    ByteBuffer view =
        ((BufferInternal) current).getByteBuf().nioBuffer(pos, current.length() - pos);
    pos = current.length();
    return view;
  }

  private boolean next() throws IOException {
    lock.lock();
    try {
      while (true) {
        if (failure != null) {
          throw failure;
        }
        Buffer b = queue.poll();
        if (b != null) {
          queued -= b.length();
          current = b;
          pos = 0;
          if (paused && queued < LOW_WATER) {
            paused = false;
            context.runOnContext(v -> source.resume());
          }
          return true;
        }
        if (ended) {
          return false;
        }
        ready.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      lock.unlock();
    }
  }
}

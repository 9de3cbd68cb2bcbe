package dev.assetstore.http.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.Semaphore;

/**
 * Lets a virtual thread write a response body as an {@link OutputStream}. Writes go out in 64 KiB
 * chunks through the event loop; the writer waits while the connection's write queue is full
 * (backpressure), so a slow client holds one chunk of memory, not the file.
 */
public final class ResponseOutputStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;

  /** File slices go out in pooled off-heap chunks of this size: one copy, no garbage. */
  private static final int FILE_CHUNK = 256 * 1024;

  /**
   * How many file regions may wait on the connection: enough that the event loop always has the
   * next file queued when one finishes (two left the socket idle between 1 MiB entries).
   */
  private static final int QUEUED_REGIONS = 8;

  /** The largest file region Vert.x writes in one piece. */
  private static final long REGION = 1024 * 1024;

  private final HttpServerResponse response;
  private final Context context;
  private final io.vertx.core.http.HttpConnection connection;
  private final Delivery delivery;
  private final Semaphore writable = new Semaphore(1);

  /**
   * File regions queued on the connection and not yet sent. Netty does not count regions against
   * the write queue, so this bounds them (and the files they hold open) instead.
   */
  private final Semaphore regions = new Semaphore(QUEUED_REGIONS);

  private volatile Throwable regionFailure;
  private volatile boolean closedByPeer;
  private byte[] buf = new byte[CHUNK];
  private int n;
  private long written;

  /** Must be created on the response's event-loop context. */
  public ResponseOutputStream(HttpServerResponse response, Context context) {
    this(response, context, null, null);
  }

  /**
   * With the request's HTTP/1.x connection, so local files can go out as zero-copy file regions
   * (null: never), and the {@link Delivery} every body write is reported to (null: none).
   */
  public ResponseOutputStream(
      HttpServerResponse response,
      Context context,
      io.vertx.core.http.HttpConnection connection,
      Delivery delivery) {
    this.connection = connection;
    this.delivery = delivery;
    this.response = response;
    this.context = context;
    response.closeHandler(
        v -> {
          closedByPeer = true;
          writable.release(Integer.MAX_VALUE / 2);
          regions.release(Integer.MAX_VALUE / 2);
        });
  }

  public long written() {
    return written;
  }

  @Override
  public void write(int b) throws IOException {
    if (n == buf.length) {
      flushChunk();
    }
    buf[n++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (n == buf.length) {
        flushChunk();
      }
      int k = Math.min(len, buf.length - n);
      System.arraycopy(b, off, buf, n, k);
      n += k;
      off += k;
      len -= k;
    }
  }

  @Override
  public void flush() throws IOException {
    if (n > 0) {
      flushChunk();
    }
  }

  private void flushChunk() throws IOException {
    awaitWritable();
    // Buffer.buffer(byte[]) copies the whole array: copy just the n bytes written and keep buf
    // (a ZIP entry's header of a few dozen bytes used to cost two 64 KiB arrays).
    Buffer chunk = Buffer.buffer(n).appendBytes(buf, 0, n);
    written += n;
    n = 0;
    send(chunk, null);
  }

  /**
   * Sends {@code count} bytes of a file from {@code position}, after whatever was written before:
   * read straight into pooled direct buffers that the socket writes from, so the bytes are copied
   * once and never pass through the heap. Fails if the file is shorter.
   */
  public void transferFrom(FileChannel ch, long position, long count) throws IOException {
    flush();
    long pos = position;
    long left = count;
    while (left > 0) {
      int k = (int) Math.min(FILE_CHUNK, left);
      awaitWritable();
      ByteBuf bb = ByteBufAllocator.DEFAULT.directBuffer(k, k);
      try {
        ByteBuffer nio = bb.nioBuffer(0, k);
        while (nio.hasRemaining()) {
          if (ch.read(nio, pos + nio.position()) < 0) {
            throw new EOFException("blob shorter than its recorded size");
          }
        }
        bb.writerIndex(k);
      } catch (IOException | RuntimeException e) {
        bb.release();
        writable.release();
        throw e;
      }
      pos += k;
      left -= k;
      written += k;
      send(BufferInternal.buffer(bb), bb);
    }
  }

  /**
   * Sends {@code count} bytes of the file at {@code path} from its start, after whatever was
   * written before, as a zero-copy file region (sendfile) on the HTTP/1.1 connection. Returns
   * false, having sent nothing, when the connection cannot take a region; fails if the file is
   * shorter.
   */
  public boolean sendFile(java.nio.file.Path path, long count) throws IOException {
    if (!(connection instanceof io.vertx.core.net.impl.VertxConnection conn)) {
      return false;
    }
    flush();
    FileChannel ch = FileChannel.open(path);
    if (ch.size() < count) {
      ch.close();
      throw new EOFException("blob shorter than its recorded size");
    }
    // Vert.x writes a file of up to 1 MiB as one region at once, but queues the rest of a longer
    // file only when its first MiB has gone out, after whatever we write next: so we hand it
    // pieces of at most 1 MiB, each queued in order.
    long pieces = Math.max(1, (count + REGION - 1) / REGION);
    java.util.concurrent.atomic.AtomicLong open =
        new java.util.concurrent.atomic.AtomicLong(pieces);
    Runnable pieceDone =
        () -> {
          regions.release();
          if (open.decrementAndGet() == 0) {
            closeQuietly(ch);
          }
        };
    long submitted = 0;
    try {
      for (long off = 0; off < count; off += REGION) {
        long len = Math.min(REGION, count - off);
        long at = off;
        try {
          regions.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        failIfBroken();
        submitted++;
        written += len;
        context.runOnContext(
            v -> {
              if (closedByPeer) {
                pieceDone.run();
                return;
              }
              if (!response.headWritten()) {
                response.write(Buffer.buffer());
              }
              var region = conn.sendFile(ch, at, len);
              if (delivery != null) {
                delivery.track(region, len);
              }
              region.addListener(
                  f -> {
                    if (!f.isSuccess()) {
                      regionFailure = f.cause();
                    }
                    pieceDone.run();
                  });
            });
      }
    } finally {
      long never = pieces - submitted;
      if (never > 0 && open.addAndGet(-never) == 0) {
        closeQuietly(ch);
      }
    }
    return true;
  }

  private void failIfBroken() throws IOException {
    if (closedByPeer) {
      regions.release();
      throw new IOException("client closed the connection");
    }
    if (regionFailure != null) {
      regions.release();
      throw new IOException("file region failed", regionFailure);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do: the region is finished either way
    }
  }

  private void awaitWritable() throws IOException {
    try {
      writable.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (closedByPeer) {
      writable.release();
      throw new IOException("client closed the connection");
    }
  }

  /** On the event loop; {@code pooled}, if any, is released once the socket has taken it. */
  private void send(Buffer chunk, ByteBuf pooled) {
    context.runOnContext(
        v -> {
          if (closedByPeer) {
            if (pooled != null) {
              pooled.release();
            }
            return;
          }
          int bytes = chunk.length();
          var done = response.write(chunk);
          if (delivery != null) {
            delivery.track(done, bytes);
          }
          if (pooled != null) {
            done.onComplete(ar -> pooled.release());
          }
          if (response.writeQueueFull()) {
            response.drainHandler(d -> writable.release());
          } else {
            writable.release();
          }
        });
  }

  /** Flushes what is left; the caller then ends the response on the context. */
  @Override
  public void close() throws IOException {
    flush();
    try {
      // Every file region sent before the response ends.
      regions.acquire(QUEUED_REGIONS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    regions.release(QUEUED_REGIONS);
    if (regionFailure != null) {
      throw new IOException("file region failed", regionFailure);
    }
    try {
      writable.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    writable.release();
    if (closedByPeer) {
      throw new IOException("client closed the connection");
    }
  }
}

package dev.assetstore.http.io;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;

/**
 * Lets a virtual thread write a response body as an {@link OutputStream}. Writes go out in 64 KiB
 * chunks through the event loop; the writer waits while the connection's write queue is full
 * (backpressure), so a slow client holds one chunk of memory, not the file.
 */
public final class ResponseOutputStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;
  private final HttpServerResponse response;
  private final Context context;
  private final Semaphore writable = new Semaphore(1);
  private volatile boolean closedByPeer;
  private byte[] buf = new byte[CHUNK];
  private int n;
  private long written;

  /** Must be created on the response's event-loop context. */
  public ResponseOutputStream(HttpServerResponse response, Context context) {
    this.response = response;
    this.context = context;
    response.closeHandler(
        v -> {
          closedByPeer = true;
          writable.release(Integer.MAX_VALUE / 2);
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
    try {
      writable.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (closedByPeer) {
      throw new IOException("client closed the connection");
    }
    Buffer chunk = Buffer.buffer(buf).slice(0, n);
    written += n;
    buf = new byte[CHUNK];
    n = 0;
    context.runOnContext(
        v -> {
          if (closedByPeer) {
            return;
          }
          response.write(chunk);
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

package dev.assetstore.http.io;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * The one rule for when a download is complete — counted in share statistics and against {@code
 * max_downloads} (docs/decisions.md, "When a download counts"): every byte of the body has been
 * written to the connection, as the connection's write promises report, whatever the client does
 * after (closes, resets, keeps the connection). A connection lost before the last byte: not
 * complete.
 *
 * <p>Every path that writes a body (sendfile, the in-memory answer, the streamed S3 and ZIP bodies)
 * hands each write to {@link #track} with the body bytes it carries, and calls {@link #seal} when
 * it will write no more. Once sealed and every tracked write has settled, the verdict is given
 * once: complete when the confirmed bytes equal the body's length. Not the outcome of {@code
 * end()}: that writes nothing a client waits for, and fails when a client that has its bytes
 * already hung up.
 */
public final class Delivery {
  private final long length;
  private final Consumer<Boolean> verdict;
  private long confirmed;
  private boolean anyWritten;
  private int pending;
  private boolean sealed;
  private boolean judged;

  /** {@code length}: the body's length, as in Content-Length. */
  public Delivery(long length, Consumer<Boolean> verdict) {
    this.length = length;
    this.verdict = verdict;
  }

  /** A write carrying {@code bytes} body bytes (0: the head alone); returns it. */
  public <T> Future<T> track(Future<T> write, long bytes) {
    begin();
    write.onComplete(ar -> settled(ar.succeeded(), bytes));
    return write;
  }

  /** The same for a zero-copy file region written straight to the channel. */
  public void track(io.netty.util.concurrent.Future<?> write, long bytes) {
    begin();
    write.addListener(f -> settled(f.isSuccess(), bytes));
  }

  /** The body's writer is done (having written all of it or not): judge once writes settle. */
  public synchronized void seal() {
    sealed = true;
    judgeIfSettled();
  }

  private synchronized void begin() {
    pending++;
  }

  private synchronized void settled(boolean ok, long bytes) {
    pending--;
    if (ok) {
      confirmed += bytes;
      anyWritten = true;
    }
    judgeIfSettled();
  }

  private void judgeIfSettled() {
    if (sealed && pending == 0 && !judged) {
      judged = true;
      // An empty body is complete once its head is written: the one write is then the head's.
      verdict.accept(anyWritten && confirmed == length);
    }
  }
}

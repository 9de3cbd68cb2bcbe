package dev.assetstore.store.previews;

import dev.assetstore.store.ApiError;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code workers} renders at once, a few more waiting, the rest refused (503): decoding is
 * CPU and memory, and a burst of previews must not take either from everything else. Each render
 * has {@link #TIME_LIMIT_SECONDS} from when it starts; then its caller gets 422 at once and the
 * render is told to stop (see {@link Abort}). A decoder that does not look at the signal inside a
 * long native call keeps its slot until that call returns; the caller is answered all the same.
 */
public final class RenderPool implements AutoCloseable {
  static final int TIME_LIMIT_SECONDS = 10;

  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService watchdog;
  private final long timeLimitMillis;

  public RenderPool(int workers) {
    this(workers, TIME_LIMIT_SECONDS * 1000L);
  }

  RenderPool(int workers, long timeLimitMillis) {
    int n = Math.max(1, workers);
    AtomicInteger ids = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            n,
            n,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(2 * n),
            r -> {
              Thread t = new Thread(r, "preview-render-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    var timers =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "preview-watchdog");
              t.setDaemon(true);
              return t;
            });
    // Idle pools keep no thread (a test JVM starts many servers).
    timers.setKeepAliveTime(30, TimeUnit.SECONDS);
    timers.allowCoreThreadTimeOut(true);
    timers.setRemoveOnCancelPolicy(true);
    this.watchdog = timers;
    this.timeLimitMillis = timeLimitMillis;
  }

  /** A render's work, given its stop signal. */
  interface Job<T> {
    T run(Abort abort) throws Exception;
  }

  /** Runs the job on a render slot and waits for it (blocking: call off the event loop). */
  <T> T render(Job<T> job) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Abort abort = new Abort();
    Callable<Void> task =
        () -> {
          if (result.isDone()) {
            return null;
          }
          ScheduledFuture<?> timer =
              watchdog.schedule(
                  () -> {
                    abort.request();
                    result.completeExceptionally(Unreadable.tooSlow());
                  },
                  timeLimitMillis,
                  TimeUnit.MILLISECONDS);
          try {
            result.complete(job.run(abort));
          } catch (Throwable t) {
            result.completeExceptionally(abort.requested() ? Unreadable.tooSlow() : t);
          } finally {
            timer.cancel(false);
          }
          return null;
        };
    try {
      pool.submit(task);
    } catch (RejectedExecutionException e) {
      throw new ApiError(
          503, "Too many previews are being made; try again shortly", Map.of("Retry-After", "2"));
    }
    try {
      return result.get();
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    } catch (InterruptedException e) {
      abort.request();
      throw e;
    }
  }

  /** Renders waiting for a slot (for tests). */
  int waiting() {
    return pool.getQueue().size();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    watchdog.shutdownNow();
  }
}

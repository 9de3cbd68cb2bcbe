package dev.assetstore.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * The threading rule in one place: blocking work (JDBC, file and blob I/O, ZIP building) runs on a
 * virtual thread, and its result is delivered back on the calling event-loop context.
 */
public final class Blocking {
  /**
   * A bare factory, not an executor: a thread-per-task executor tracks every thread it started in a
   * set, and removing each finished one showed in the list profile (bench/PROFILE.md).
   */
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("blocking-", 0).factory();

  private Blocking() {}

  public static <T> Future<T> call(Callable<T> work) {
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      throw new IllegalStateException("Blocking.call must be used from a Vert.x context");
    }
    Promise<T> promise = Promise.promise();
    VIRTUAL
        .newThread(
            () -> {
              try {
                T result = work.call();
                ctx.runOnContext(v -> promise.complete(result));
              } catch (Throwable t) {
                ctx.runOnContext(v -> promise.fail(t));
              }
            })
        .start();
    return promise.future();
  }

  /** For work whose result is nothing. */
  public interface Work {
    void run() throws Exception;
  }

  public static Future<Void> run(Work work) {
    return call(
        () -> {
          work.run();
          return null;
        });
  }
}

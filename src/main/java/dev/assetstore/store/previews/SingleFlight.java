package dev.assetstore.store.previews;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Concurrent calls for one key share one execution: the first runs it, the others wait for its
 * result (or its failure). Within one node; across nodes the database's primary key settles it.
 */
final class SingleFlight<T> {
  private final ConcurrentHashMap<String, CompletableFuture<T>> flights = new ConcurrentHashMap<>();

  T run(String key, Callable<T> work) throws Exception {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> running = flights.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return running.get();
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof Exception ex) {
          throw ex;
        }
        throw (Error) c;
      }
    }
    try {
      T result = work.call();
      mine.complete(result);
      return result;
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    } finally {
      flights.remove(key, mine);
    }
  }
}

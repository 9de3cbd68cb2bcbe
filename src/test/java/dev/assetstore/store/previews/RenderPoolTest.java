package dev.assetstore.store.previews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assetstore.store.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The render pool's bounds (API.md §11): a render past its time limit answers 422 at the limit and
 * gives its slot back; a full queue answers 503 with Retry-After. The limit is 10 s in service; a
 * third of a second here.
 */
class RenderPoolTest {
  static final long LIMIT = 300;

  @Test
  void aRenderPastTheLimitIs422AtTheLimitAndItsSlotIsFreed() throws Exception {
    try (RenderPool pool = new RenderPool(1, LIMIT)) {
      long t0 = System.nanoTime();
      ApiError e =
          catchThrowableOfType(
              ApiError.class,
              () ->
                  pool.render(
                      abort -> {
                        while (true) { // a decoder checking its stop signal between rows
                          abort.check();
                          Thread.onSpinWait();
                        }
                      }));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.detail()).contains("10 s");
      assertThat(millis).isBetween(LIMIT - 50, LIMIT + 2000);
      // The one slot is free again: the next render runs.
      assertThat(pool.<String>render(abort -> "next")).isEqualTo("next");
    }
  }

  @Test
  void aRenderThatIgnoresTheSignalStillHasItsCallerAnsweredAtTheLimit() throws Exception {
    try (RenderPool pool = new RenderPool(1, LIMIT)) {
      long t0 = System.nanoTime();
      ApiError e =
          catchThrowableOfType(
              ApiError.class,
              () ->
                  pool.render(
                      abort -> {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                        while (System.nanoTime() < end) { // deaf to abort and interrupts
                          Thread.onSpinWait();
                        }
                        return "late";
                      }));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(e.status()).isEqualTo(422);
      assertThat(millis).as("answered at the limit, not when the render ends").isLessThan(1200);
      // Its slot comes back when the render returns.
      assertThat(pool.<String>render(abort -> "after")).isEqualTo("after");
    }
  }

  @Test
  void aFullQueueIs503WithRetryAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    try (RenderPool pool = new RenderPool(1, 10_000)) {
      // One render running, two waiting (the queue holds twice the workers).
      for (int i = 0; i < 3; i++) {
        Thread t =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        pool.render(
                            abort -> {
                              running.countDown();
                              release.await();
                              return "ok";
                            });
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
        callers.add(t);
        if (i == 0) {
          assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        }
      }
      long deadline = System.currentTimeMillis() + 5000;
      while (pool.waiting() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10); // the two callers are still on their way to the queue
      }
      assertThat(pool.waiting()).isEqualTo(2);
      ApiError e = catchThrowableOfType(ApiError.class, () -> pool.render(abort -> "extra"));
      assertThat(e).isNotNull();
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.headers()).containsKey("Retry-After");
      release.countDown();
      for (Thread t : callers) {
        t.join(5000);
      }
    }
  }
}

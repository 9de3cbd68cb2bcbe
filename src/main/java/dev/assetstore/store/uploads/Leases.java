package dev.assetstore.store.uploads;

import dev.assetstore.db.UploadStore;
import dev.assetstore.store.ApiError;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One writer per upload, across nodes: a lease on the upload's row. A request that needs the upload
 * while another holds it asks that one to let go: at once when the holder is on this node (its
 * interrupt ends the request's body), through the row's release flag otherwise (the holder's
 * watcher polls it every {@link #POLL_MILLIS}). The holder checkpoints what it received and lets
 * go; the newcomer then proceeds from the settled offset. A holder that died lets go when its lease
 * runs out ({@link #LEASE_MICROS}, renewed while it lives).
 */
final class Leases {
  static final long LEASE_MICROS = 6_000_000;
  static final long POLL_MILLIS = 200;

  /** How long a newcomer waits for the holder to let go: past a dead holder's lease. */
  static final long WAIT_MILLIS = 10_000;

  private final UploadStore store;
  private final UploadSettings settings;
  private final String node;
  private final AtomicLong serial = new AtomicLong();
  private final Map<String, Runnable> writers = new ConcurrentHashMap<>();

  Leases(UploadStore store, UploadSettings settings) {
    this.store = store;
    this.settings = settings;
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    this.node = HexFormat.of().formatHex(b);
  }

  /** Takes the lease of {@code id}, ending whoever holds it; returns the holder name to use. */
  String acquire(String id) {
    String holder = node + ":" + serial.incrementAndGet();
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    boolean asked = false;
    while (true) {
      long now = settings.nowMicros();
      if (store.tryLease(id, holder, now, now + LEASE_MICROS)) {
        return holder;
      }
      Runnable local = writers.get(id);
      if (local != null) {
        local.run();
      }
      if (!asked) {
        store.requestRelease(id);
        asked = true;
      }
      if (System.nanoTime() > deadline) {
        throw new ApiError(
            503,
            "Another request is still writing to this upload; try again shortly",
            Map.of("Retry-After", "2"));
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(503, "Interrupted while waiting for the upload", Map.of());
      }
    }
  }

  void release(String id, String holder) {
    store.release(id, holder);
  }

  /** While a writer runs on this node: how a newcomer here ends it without the database. */
  void register(String id, Runnable interrupt) {
    writers.put(id, interrupt);
  }

  void unregister(String id, Runnable interrupt) {
    writers.remove(id, interrupt);
  }

  /**
   * Renews the lease until {@code done}, and calls {@code interrupt} once someone asks for the
   * upload (or the lease is lost): runs on its own virtual thread.
   */
  Thread watch(
      String id, String holder, Runnable interrupt, java.util.function.BooleanSupplier done) {
    return Thread.ofVirtual()
        .name("upload-lease-" + id)
        .start(
            () -> {
              while (!done.getAsBoolean()) {
                try {
                  Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
                if (done.getAsBoolean()) {
                  return;
                }
                UploadStore.Lease l;
                try {
                  l = store.renew(id, holder, settings.nowMicros() + LEASE_MICROS);
                } catch (RuntimeException e) {
                  continue; // the database blinked; the next poll tries again
                }
                if (l != UploadStore.Lease.HELD) {
                  interrupt.run();
                  return;
                }
              }
            });
  }
}

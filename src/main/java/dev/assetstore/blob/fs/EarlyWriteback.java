package dev.assetstore.blob.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Keeps the disk busy while a large blob is still arriving: every {@link #STEP} bytes written, a
 * background {@code fdatasync} pushes what is in the page cache so far, so the one {@code fsync}
 * that makes the blob durable (still done, and still before the blob is acknowledged) finds little
 * left to write. Without it a 100 MiB upload spent ~60–90 ms in that final fsync after the last
 * byte had arrived. A failure of a background sync is kept and reported by {@link #check()}: the
 * kernel reports a writeback error once per open file, so the final fsync alone could miss it.
 */
final class EarlyWriteback {
  /** Bytes between background syncs; smaller blobs never start one. */
  static final long STEP = 8L * 1024 * 1024;

  private final FileChannel ch;
  private long written;
  private long syncedUpTo;
  private Thread inFlight;
  private volatile IOException failure;

  EarlyWriteback(FileChannel ch) {
    this.ch = ch;
  }

  /** The writer wrote {@code n} more bytes. */
  void written(int n) {
    written += n;
    if (written - syncedUpTo < STEP || (inFlight != null && inFlight.isAlive())) {
      return;
    }
    syncedUpTo = written;
    inFlight =
        Thread.ofVirtual()
            .name("early-writeback")
            .start(
                () -> {
                  try {
                    ch.force(false);
                  } catch (IOException e) {
                    if (ch.isOpen() && failure == null) {
                      failure = e;
                    }
                  }
                });
  }

  /** Waits for a background sync still running: the channel must not close under it. */
  void await() throws IOException {
    Thread t = inFlight;
    if (t == null) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a background sync", e);
    }
  }

  /** Throws what a background sync failed with. */
  void check() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }
}

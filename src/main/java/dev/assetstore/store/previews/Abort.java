package dev.assetstore.store.previews;

import java.util.concurrent.CancellationException;
import javax.imageio.ImageReader;

/**
 * The stop signal of one render. Decoders are not all interruptible, so the watchdog asks each in
 * its own way: {@link ImageReader#abort()} (checked by the readers between rows and tiles) and a
 * flag the PDF page drawer checks before every content-stream operator.
 */
final class Abort {
  private volatile boolean requested;
  private volatile ImageReader reader;

  void watch(ImageReader r) {
    this.reader = r;
    if (requested) {
      r.abort();
    }
  }

  void request() {
    requested = true;
    ImageReader r = reader;
    if (r != null) {
      r.abort();
    }
  }

  boolean requested() {
    return requested;
  }

  /** Throws when the render should stop. */
  void check() {
    if (requested || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("render stopped");
    }
  }
}

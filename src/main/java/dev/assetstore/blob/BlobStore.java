package dev.assetstore.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Immutable byte storage. Every {@link #put} writes a fresh key chosen by the store; keys never
 * derive from user input. All methods block and must be called off the event loop.
 */
public interface BlobStore {

  /**
   * Streams {@code in} to a new blob, computing size, SHA-256 and CRC32 on the way through. When
   * this returns the bytes are durable. On any exception nothing is left behind.
   */
  StoredBlob put(InputStream in) throws IOException;

  /** Opens {@code length} bytes from {@code offset}. */
  InputStream open(String key, long offset, long length) throws IOException;

  /** A local file holding the blob, when the backend has one: enables zero-copy sendfile. */
  Optional<Path> localPath(String key);

  /**
   * The blob as a local file for a reader that needs one: the blob's own file where the backend has
   * it (no copy), else a copy of its {@code length} bytes in {@code scratch}. Close it when done.
   */
  default LocalCopy localCopy(String key, long length, Scratch scratch) throws IOException {
    Optional<Path> own = localPath(key);
    return own.isPresent() ? LocalCopy.inPlace(own.get()) : scratch.copy(this, key, length);
  }

  /** Deletes a blob; a missing blob is not an error. */
  void delete(String key) throws IOException;

  /**
   * Removes leftovers of interrupted writes. A backend shared by several servers spares those young
   * enough to be another server's write in progress.
   */
  void removeTemporaryFiles() throws IOException;

  /**
   * Now, on the clock that stamps this store's blobs: a blob written after this call is never
   * listed by {@link #listKeys} with this instant as {@code writtenBefore}, even where that clock
   * is coarse (file times lag the wall clock by up to a scheduler tick; S3 keeps whole seconds).
   */
  Instant stampNow() throws IOException;

  /**
   * Visits, in batches, every stored key whose blob was written before {@code writtenBefore} (for
   * the orphan sweep: a younger blob may belong to an upload whose record is about to commit). A
   * backend shared by several servers also leaves out keys younger than its grace period.
   */
  void listKeys(int batchSize, Instant writtenBefore, Consumer<Collection<String>> batch)
      throws IOException;

  /** Deletes the given keys; used by the sweep after the metadata store said they are orphans. */
  default void deleteAll(Set<String> keys) throws IOException {
    for (String key : keys) {
      delete(key);
    }
  }

  /** True when the backend answers. */
  boolean isReady();

  /** Resumable uploads into this store (issue 16), or null where the backend has none. */
  default ResumableBlobs resumable() {
    return null;
  }
}

package dev.assetstore.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
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

  /** Deletes a blob; a missing blob is not an error. */
  void delete(String key) throws IOException;

  /**
   * Removes leftovers of interrupted writes. A backend shared by several servers spares those young
   * enough to be another server's write in progress.
   */
  void removeTemporaryFiles() throws IOException;

  /**
   * Visits every stored key in batches (for the orphan sweep). A backend shared by several servers
   * leaves out keys written too recently to judge (their record may be about to commit).
   */
  void listKeys(int batchSize, Consumer<Collection<String>> batch) throws IOException;

  /** Deletes the given keys; used by the sweep after the metadata store said they are orphans. */
  default void deleteAll(Set<String> keys) throws IOException {
    for (String key : keys) {
      delete(key);
    }
  }

  /** True when the backend answers. */
  boolean isReady();
}

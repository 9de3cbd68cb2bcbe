package dev.assetstore.blob;

import java.io.IOException;

/**
 * The capability of a blob store to take one blob in pieces, over many requests, processes and
 * nodes (resumable uploads, API.md §10). Everything the store needs to carry on lives in the blob
 * key and an opaque {@code state} string that the caller persists with each durable offset, so any
 * node can continue where another stopped. Methods block: call them off the event loop.
 */
public interface ResumableBlobs {

  /**
   * Opens the upload that will become blob {@code key}, durable up to {@code offset} as described
   * by {@code state} (null for a new upload). Bytes written past {@code offset} by an earlier
   * writer that never reached a checkpoint are dropped.
   */
  Appender appender(String key, long offset, String state) throws IOException;

  /**
   * Frees everything an unfinished upload holds (its temporary file, or its multipart upload and
   * tail object); nothing left is not an error.
   */
  void abort(String key, String state) throws IOException;

  /**
   * Frees what a completed upload may still hold besides its blob (on S3: tail objects and
   * multipart uploads a killed writer left), for when a crash came between recording the completion
   * and {@link Appender#recorded}. Never touches blob {@code key}; nothing left is not an error.
   */
  default void tidyFinished(String key) throws IOException {}

  /**
   * Tells the store which blob keys belong to live uploads, so that its sweep of interrupted writes
   * (a multipart upload left by a crash) spares them: {@code live} returns the live ones among the
   * keys it is given.
   */
  default void spare(
      java.util.function.Function<java.util.Collection<String>, java.util.Set<String>> live) {}

  /** Writes to one resumable upload; one writer at a time (the caller's lease). */
  interface Appender extends AutoCloseable {

    /** How many more bytes may be written before {@link #sync} is due. */
    long room();

    /** Writes {@code chunk}, at most {@link #room()} bytes; not yet durable. */
    void write(java.nio.ByteBuffer chunk) throws IOException;

    /** Makes everything written durable; returns the state to persist with the new offset. */
    String sync() throws IOException;

    /**
     * Turns the whole upload (everything written and synced) into blob {@code key}. Idempotent: a
     * finish that already happened (a crash before the caller recorded it) succeeds again.
     */
    void finish() throws IOException;

    /**
     * The caller recorded the state the last {@link #sync} returned (after {@link #finish}: the
     * upload's end): storage that only earlier states needed may go. Until then it stays, so the
     * recorded offset always names bytes that exist. Best effort: a failure leaves garbage that
     * {@link ResumableBlobs#abort} still frees, never a gap.
     */
    default void recorded() {}

    /** Releases memory and handles; bytes not synced are lost, synced ones stay. */
    @Override
    void close();
  }
}

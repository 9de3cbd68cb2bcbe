package dev.assetstore.blob;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A stream that can lend its own buffers instead of copying into the reader's: {@link
 * DigestingCopy} then hashes the received bytes where they are and copies them once, into the
 * buffer the store writes from. An upload's bytes are otherwise copied twice more on the way to the
 * file (into a read buffer, then by the JDK into a direct buffer for the write).
 */
public interface ChunkedInput {
  /**
   * The next bytes, as a buffer the caller may read (and move the position of) until the next call;
   * null at the end of the stream. May be empty.
   */
  ByteBuffer nextChunk() throws IOException;
}

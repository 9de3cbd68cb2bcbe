package dev.assetstore.store.assets;

import dev.assetstore.blob.ChunkedInput;
import dev.assetstore.store.ApiError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Map;

/**
 * What the client is told when the blob store fails while writing an upload. The store has removed
 * its partial bytes by then (the {@code BlobStore.put} contract), so the answer can say "nothing
 * was stored". A full disk will not pass by itself: 507 Insufficient Storage (RFC 4918 §11.5). Any
 * other I/O failure of the storage is the "backend is down" 503 with {@code Retry-After}.
 */
public final class BlobWriteFailures {
  static final String NO_SPACE =
      "The server has no storage space left for this file; nothing was stored";
  static final String FAILED =
      "The storage failed while writing this file; nothing was stored; try again shortly";

  private BlobWriteFailures() {}

  public static ApiError of(IOException e) {
    if (isNoSpace(e)) {
      return new ApiError(507, NO_SPACE);
    }
    return new ApiError(503, FAILED, Map.of("Retry-After", "5"));
  }

  /**
   * ENOSPC and EDQUOT as the JDK reports them: an {@code IOException} whose message (or, for a
   * {@link FileSystemException}, reason) is the C library's text for the error.
   */
  static boolean isNoSpace(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String text = c instanceof FileSystemException f ? f.getReason() : c.getMessage();
      if (text == null) {
        continue;
      }
      String t = text.toLowerCase(Locale.ROOT);
      if (t.contains("no space left on device") || t.contains("disk quota exceeded")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The upload's source, remembering whether it failed: an exception the source threw is the
   * client's (an aborted or oversized body), any other one during the write is the storage's.
   */
  static final class Source extends FilterInputStream implements ChunkedInput {
    private boolean threw;

    Source(InputStream in) {
      super(in);
    }

    boolean threw() {
      return threw;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException | RuntimeException e) {
        threw = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        threw = true;
        throw e;
      }
    }

    @Override
    public ByteBuffer nextChunk() throws IOException {
      try {
        if (in instanceof ChunkedInput chunks) {
          return chunks.nextChunk();
        }
        byte[] b = new byte[64 * 1024];
        int n = in.read(b, 0, b.length);
        return n < 0 ? null : ByteBuffer.wrap(b, 0, n);
      } catch (IOException | RuntimeException e) {
        threw = true;
        throw e;
      }
    }
  }
}

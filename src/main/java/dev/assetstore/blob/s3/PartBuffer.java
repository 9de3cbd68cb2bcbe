package dev.assetstore.blob.s3;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds one part of an upload in memory, at most {@code capacity} bytes, in fixed blocks allocated
 * as bytes arrive: a small upload costs a block, not a whole part, and a large one reuses the same
 * blocks for every part. The part can be read any number of times, so the SDK can retry a request.
 */
final class PartBuffer {
  static final int BLOCK = 256 * 1024;

  private final int capacity;
  private final List<byte[]> blocks = new ArrayList<>();
  private int size;

  PartBuffer(int capacity) {
    if (capacity % BLOCK != 0) {
      throw new IllegalArgumentException("capacity must be a multiple of " + BLOCK);
    }
    this.capacity = capacity;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  /** Copies as much of {@code chunk} as fits. */
  void append(ByteBuffer chunk) {
    while (chunk.hasRemaining() && size < capacity) {
      int index = size / BLOCK;
      if (index == blocks.size()) {
        blocks.add(new byte[BLOCK]);
      }
      int at = size % BLOCK;
      int n = Math.min(chunk.remaining(), BLOCK - at);
      chunk.get(blocks.get(index), at, n);
      size += n;
    }
  }

  void clear() {
    size = 0;
  }

  /** A fresh stream over the current contents (valid until the next append or clear). */
  InputStream newStream() {
    return new InputStream() {
      private int pos;

      @Override
      public int read() {
        if (pos >= size) {
          return -1;
        }
        byte b = blocks.get(pos / BLOCK)[pos % BLOCK];
        pos++;
        return b & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (pos >= size) {
          return -1;
        }
        int n = Math.min(len, Math.min(size - pos, BLOCK - pos % BLOCK));
        System.arraycopy(blocks.get(pos / BLOCK), pos % BLOCK, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public int available() {
        return size - pos;
      }
    };
  }
}

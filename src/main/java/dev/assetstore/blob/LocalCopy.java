package dev.assetstore.blob;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob as a local file, for readers that need one (decoders seek): the blob's own file on a local
 * backend, a scratch copy otherwise. Read only; closing frees a scratch copy.
 */
public interface LocalCopy extends AutoCloseable {
  /** The file: hand it to readers, never write it. */
  Path path();

  @Override
  void close() throws IOException;

  /** The file's length. */
  default long size() throws IOException {
    return Files.size(path());
  }

  /** Up to {@code length} bytes from {@code offset}: fewer only at the end of the file. */
  default byte[] read(long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    try (FileChannel ch = FileChannel.open(path())) {
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
        // until full or at the end
      }
    }
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  /**
   * The whole file mapped read-only into {@code arena} (valid until the arena closes): for native
   * decoders, which then read it without the bytes ever entering the heap.
   */
  default MemorySegment map(Arena arena) throws IOException {
    try (FileChannel ch = FileChannel.open(path())) {
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
    }
  }

  /** The blob's own file: nothing to free. */
  static LocalCopy inPlace(Path file) {
    return new LocalCopy() {
      @Override
      public Path path() {
        return file;
      }

      @Override
      public void close() {}
    };
  }
}

package dev.assetstore.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Copies a stream in chunks while counting bytes and computing SHA-256 and CRC32. A {@link
 * ChunkedInput} lends its buffers (no copy here); any other stream is read in fixed chunks.
 */
public final class DigestingCopy {

  /** Receives each chunk; the buffer is reused (or given back) after the call returns. */
  @FunctionalInterface
  public interface Sink {
    void write(ByteBuffer chunk) throws IOException;
  }

  public record Result(long size, String sha256, long crc32) {}

  private static final int CHUNK = 64 * 1024;

  private DigestingCopy() {}

  public static Result copy(InputStream in, Sink sink) throws IOException {
    MessageDigest sha = sha256();
    CRC32 crc = new CRC32();
    long size = 0;
    if (in instanceof ChunkedInput chunks) {
      ByteBuffer c;
      while ((c = chunks.nextChunk()) != null) {
        int n = c.remaining();
        if (n == 0) {
          continue;
        }
        int at = c.position();
        sha.update(c);
        c.position(at);
        crc.update(c);
        c.position(at);
        size += n;
        sink.write(c);
      }
    } else {
      byte[] buf = new byte[CHUNK];
      int n;
      while ((n = in.read(buf)) != -1) {
        if (n == 0) {
          continue;
        }
        sha.update(buf, 0, n);
        crc.update(buf, 0, n);
        size += n;
        sink.write(ByteBuffer.wrap(buf, 0, n));
      }
    }
    return new Result(size, HexFormat.of().formatHex(sha.digest()), crc.getValue());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.assetstore.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** Copies a stream in fixed chunks while counting bytes and computing SHA-256 and CRC32. */
public final class DigestingCopy {

  /** Receives each chunk; the buffer is reused after the call returns. */
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
    byte[] buf = new byte[CHUNK];
    long size = 0;
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

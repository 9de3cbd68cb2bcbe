package dev.assetstore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Pseudo-random bytes fully determined by a seed and a length, produced as a stream (so multi-MiB
 * uploads need no buffer) and reproducible (so their SHA-256 is known without keeping them).
 */
public final class SeededContent extends InputStream {
  private static final int CHUNK = 64 * 1024;
  private final Random random;
  private final byte[] chunk = new byte[CHUNK];
  private long left;
  private int pos = CHUNK;

  public SeededContent(long seed, long length) {
    this.random = new Random(seed);
    this.left = length;
  }

  /** The SHA-256 (lowercase hex) of the stream for this seed and length. */
  public static String sha256(long seed, long length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(new SeededContent(seed, length), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the stream for this seed and length to {@code file}; returns its SHA-256 (hex). */
  public static String writeTo(java.nio.file.Path file, long seed, long length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(new SeededContent(seed, length), md);
          OutputStream out = java.nio.file.Files.newOutputStream(file)) {
        in.transferTo(out);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stream for this seed and length, in memory (for tests that send it in small pieces). */
  public static byte[] bytes(long seed, int length) {
    try (InputStream in = new SeededContent(seed, length)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request body of exactly {@code length} bytes with a known Content-Length. */
  public static BodyPublisher publisher(long seed, long length) {
    if (length == 0) {
      return BodyPublishers.noBody();
    }
    return BodyPublishers.fromPublisher(
        BodyPublishers.ofInputStream(() -> new SeededContent(seed, length)), length);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (left == 0) {
      return -1;
    }
    if (pos == CHUNK) {
      // Whole chunks are drawn whatever the callers' read sizes, so the bytes never depend on them.
      random.nextBytes(chunk);
      pos = 0;
    }
    int n = (int) Math.min(Math.min(len, CHUNK - pos), left);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    left -= n;
    return n;
  }
}

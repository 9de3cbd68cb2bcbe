package dev.assetstore.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class DigestingCopyTest {

  private static final int LARGE = 9 * 1024 * 1024 + 12345;

  @Test
  void chunkedCopyPassesEveryByteOnceAndHashesTheWholeStream() throws Exception {
    byte[] data = random(LARGE, 1);
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    long[] count = {0};
    DigestingCopy.Result r =
        DigestingCopy.copy(
            new Chunks(data, 7),
            chunk -> {
              count[0] += chunk.remaining();
              written.update(chunk);
            });
    assertThat(r.size()).isEqualTo(data.length);
    assertThat(r.sha256()).isEqualTo(sha256(data));
    assertThat(r.crc32()).isEqualTo(crc32(data));
    assertThat(count[0]).isEqualTo(data.length);
    assertThat(HexFormat.of().formatHex(written.digest())).isEqualTo(sha256(data));
  }

  @Test
  void smallAndPlainStreamsGiveTheSameDigests() throws Exception {
    for (int size : new int[] {0, 1, 65_536, 1_000_003}) {
      byte[] data = random(size, size);
      DigestingCopy.Result chunked = DigestingCopy.copy(new Chunks(data, 3), c -> {});
      DigestingCopy.Result plain = DigestingCopy.copy(new ByteArrayInputStream(data), c -> {});
      assertThat(chunked).isEqualTo(plain);
      assertThat(plain.sha256()).isEqualTo(sha256(data));
      assertThat(plain.crc32()).isEqualTo(crc32(data));
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static long crc32(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  /**
   * Lends fresh buffers of irregular sizes, at an offset inside a larger array as the upload path
   * does.
   */
  private static final class Chunks extends InputStream implements ChunkedInput {
    private final byte[] data;
    private final Random sizes;
    private int pos;

    Chunks(byte[] data, long seed) {
      this.data = data;
      this.sizes = new Random(seed);
    }

    @Override
    public ByteBuffer nextChunk() throws IOException {
      if (pos >= data.length) {
        return null;
      }
      int n = Math.min(data.length - pos, sizes.nextInt(70_000));
      byte[] copy = java.util.Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      // Offset inside a larger array, as the scanner's slices are.
      ByteBuffer b = ByteBuffer.allocate(n + 10).position(5);
      b.put(copy).flip().position(5);
      return b;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }
  }
}

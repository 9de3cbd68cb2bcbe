package dev.assetstore.store.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * {@link ZipLayout} must predict, byte for byte, what {@link ZipWriter} writes, or the
 * Content-Length of every archive download would be wrong.
 */
class ZipLayoutTest {
  private static final long T = 1_795_000_000_000L;

  /** Counts bytes without keeping them. */
  static final class Counting extends OutputStream {
    long n;

    @Override
    public void write(int b) {
      n++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      n += len;
    }
  }

  /** A blob of {@code size} bytes of one repeated value, generated on the fly. */
  static InputStream repeated(long size, int value) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        return value;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + k, (byte) value);
        left -= k;
        return k;
      }
    };
  }

  static long crcOf(long size, int value) {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[64 * 1024];
    java.util.Arrays.fill(buf, (byte) value);
    long left = size;
    while (left > 0) {
      int k = (int) Math.min(buf.length, left);
      crc.update(buf, 0, k);
      left -= k;
    }
    return crc.getValue();
  }

  static long written(List<ZipEntrySpec> entries) throws IOException {
    Counting out = new Counting();
    ZipWriter.write(entries, e -> repeated(e.size(), 7), out);
    return out.n;
  }

  static ZipEntrySpec file(String name, long size) {
    return new ZipEntrySpec(name, size, crcOf(size, 7), "k", T);
  }

  @Test
  void smallArchivesWithAsciiAndUnicodeNamesAndDirectories() throws IOException {
    List<ZipEntrySpec> entries =
        List.of(
            file("a.txt", 0),
            file("b.bin", 12345),
            file("Ünïcødé 名前 😀.png", 777),
            new ZipEntrySpec("dir/", 0, 0, null, T),
            file("dir/c.txt", 1));
    assertThat(ZipLayout.length(entries)).isEqualTo(written(entries));
  }

  @Test
  void emptyArchive() throws IOException {
    assertThat(ZipLayout.length(List.of())).isEqualTo(written(List.of()));
  }

  @Test
  void moreThan65535EntriesNeedZip64EndRecords() throws IOException {
    List<ZipEntrySpec> entries = new ArrayList<>();
    long crc = crcOf(3, 7);
    for (int i = 0; i < 70_000; i++) {
      entries.add(new ZipEntrySpec("f" + i, 3, crc, "k", T));
    }
    assertThat(ZipLayout.length(entries)).isEqualTo(written(entries));
  }

  @Test
  void entriesPastFourGibibytesNeedZip64Extras() throws IOException {
    long big = 0x1_0000_0000L + 10; // just over 4 GiB: ZIP64 sizes and offsets
    List<ZipEntrySpec> entries =
        List.of(file("small-first", 5), file("huge", big), file("after-huge", 5));
    assertThat(ZipLayout.length(entries)).isEqualTo(written(entries));
  }

  /** The hand-written headers are the JDK's own: the same bytes as ZipOutputStream writes. */
  @Test
  void sameBytesAsTheJdkZipOutputStream() throws IOException {
    List<ZipEntrySpec> entries =
        List.of(
            file("a.txt", 0),
            file("b.bin", 12345),
            file("Ünïcødé 名前 😀.png", 777),
            new ZipEntrySpec("dir/", 0, 0, null, T),
            file("dir/c.txt", 1));
    java.io.ByteArrayOutputStream ours = new java.io.ByteArrayOutputStream();
    ZipWriter.write(entries, e -> repeated(e.size(), 7), ours);
    java.io.ByteArrayOutputStream jdk = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(jdk)) {
      for (ZipEntrySpec spec : entries) {
        java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(spec.name());
        e.setMethod(java.util.zip.ZipEntry.STORED);
        e.setSize(spec.size());
        e.setCompressedSize(spec.size());
        e.setCrc(spec.isDirectory() ? 0 : spec.crc32());
        e.setTime(spec.timeMillis());
        zip.putNextEntry(e);
        if (!spec.isDirectory()) {
          repeated(spec.size(), 7).transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    assertThat(ours.toByteArray()).isEqualTo(jdk.toByteArray());
  }

  @Test
  void aBlobShorterThanItsRecordedSizeFailsTheArchive() {
    List<ZipEntrySpec> entries = List.of(file("short.bin", 1000));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ZipWriter.write(entries, e -> repeated(999, 7), OutputStream.nullOutputStream()))
        .isInstanceOf(java.io.EOFException.class);
  }
}

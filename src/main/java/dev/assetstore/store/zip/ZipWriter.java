package dev.assetstore.store.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes a STORED archive from the CRC32 and size recorded at upload: the headers are encoded here
 * (the records the JDK's ZipOutputStream writes for such entries, byte for byte: UTF-8 flag, DOS
 * time, ZIP64 extra fields and end records only where a size, offset or count needs them, which is
 * what {@link ZipLayout} counts), and each entry's bytes are handed over whole, so the sender can
 * move them without copying them through the heap or computing their CRC again.
 */
public final class ZipWriter {
  private static final long MAGIC = 0xFFFFFFFFL;
  private static final int MAGIC_COUNT = 0xFFFF;
  private static final int UTF8_FLAG = 0x800;
  private static final int STORED_VERSION = 10;
  private static final int ZIP64_VERSION = 45;

  /** Opens the bytes of one entry. */
  @FunctionalInterface
  public interface Source {
    InputStream open(ZipEntrySpec entry) throws IOException;
  }

  /** Receives the archive in order: header bytes, and the body of each file entry. */
  public interface Parts {
    void bytes(byte[] b, int off, int len) throws IOException;

    /** Exactly {@code entry.size()} bytes of the entry's blob; fewer must fail. */
    void body(ZipEntrySpec entry) throws IOException;
  }

  private ZipWriter() {}

  /** The archive to a stream, each body read from {@code source}. */
  public static void write(List<ZipEntrySpec> entries, Source source, OutputStream out)
      throws IOException {
    write(
        entries,
        new Parts() {
          @Override
          public void bytes(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void body(ZipEntrySpec e) throws IOException {
            try (InputStream in = source.open(e)) {
              copyExactly(in, out, e.size());
            }
          }
        });
    out.flush();
  }

  public static void write(List<ZipEntrySpec> entries, Parts parts) throws IOException {
    long[] offsets = new long[entries.size()];
    long offset = 0;
    Header h = new Header();
    for (int i = 0; i < entries.size(); i++) {
      ZipEntrySpec e = entries.get(i);
      offsets[i] = offset;
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      boolean big = e.size() >= MAGIC;
      h.reset();
      h.int32(0x04034b50);
      h.int16(big ? ZIP64_VERSION : STORED_VERSION);
      h.int16(UTF8_FLAG);
      h.int16(0);
      h.int32(dosTime(e.timeMillis()));
      h.int32(crc(e));
      h.int32(big ? MAGIC : e.size());
      h.int32(big ? MAGIC : e.size());
      h.int16(name.length);
      h.int16(big ? 20 : 0);
      h.bytes(name);
      if (big) {
        h.int16(1);
        h.int16(16);
        h.int64(e.size());
        h.int64(e.size());
      }
      h.sendTo(parts);
      if (!e.isDirectory() && e.size() > 0) {
        parts.body(e);
      }
      offset += h.length() + e.size();
    }
    long cenStart = offset;
    for (int i = 0; i < entries.size(); i++) {
      ZipEntrySpec e = entries.get(i);
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      boolean bigSize = e.size() >= MAGIC;
      boolean bigOffset = offsets[i] >= MAGIC;
      int zip64 = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
      h.reset();
      h.int32(0x02014b50);
      h.int16(zip64 > 0 ? ZIP64_VERSION : STORED_VERSION);
      h.int16(zip64 > 0 ? ZIP64_VERSION : STORED_VERSION);
      h.int16(UTF8_FLAG);
      h.int16(0);
      h.int32(dosTime(e.timeMillis()));
      h.int32(crc(e));
      h.int32(bigSize ? MAGIC : e.size());
      h.int32(bigSize ? MAGIC : e.size());
      h.int16(name.length);
      h.int16(zip64 > 0 ? zip64 + 4 : 0);
      h.int16(0); // comment length
      h.int16(0); // disk number
      h.int16(0); // internal attributes
      h.int32(0); // external attributes
      h.int32(bigOffset ? MAGIC : offsets[i]);
      h.bytes(name);
      if (zip64 > 0) {
        h.int16(1);
        h.int16(zip64);
        if (bigSize) {
          h.int64(e.size());
          h.int64(e.size());
        }
        if (bigOffset) {
          h.int64(offsets[i]);
        }
      }
      h.sendTo(parts);
      offset += h.length();
    }
    long cenLength = offset - cenStart;
    int count = entries.size();
    boolean zip64End = cenLength >= MAGIC || cenStart >= MAGIC || count >= MAGIC_COUNT;
    h.reset();
    if (zip64End) {
      h.int32(0x06064b50);
      h.int64(44);
      h.int16(ZIP64_VERSION);
      h.int16(ZIP64_VERSION);
      h.int32(0);
      h.int32(0);
      h.int64(count);
      h.int64(count);
      h.int64(cenLength);
      h.int64(cenStart);
      h.int32(0x07064b50);
      h.int32(0);
      h.int64(offset);
      h.int32(1);
    }
    h.int32(0x06054b50);
    h.int16(0);
    h.int16(0);
    h.int16(zip64End && count >= MAGIC_COUNT ? MAGIC_COUNT : count);
    h.int16(zip64End && count >= MAGIC_COUNT ? MAGIC_COUNT : count);
    h.int32(Math.min(cenLength, MAGIC));
    h.int32(Math.min(cenStart, MAGIC));
    h.int16(0);
    h.sendTo(parts);
  }

  /** Copies exactly {@code size} bytes; a shorter blob fails the archive (its length is fixed). */
  public static void copyExactly(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, size))];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException("blob shorter than its recorded size");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static long crc(ZipEntrySpec e) {
    return e.isDirectory() ? 0 : e.crc32();
  }

  /** MS-DOS date and time in the JVM's zone, as {@code ZipEntry.setTime} stores them. */
  static long dosTime(long millis) {
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault());
    int year = t.getYear() - 1980;
    if (year < 0) {
      return (1 << 21) | (1 << 16);
    }
    return ((long) year << 25
            | t.getMonthValue() << 21
            | t.getDayOfMonth() << 16
            | t.getHour() << 11
            | t.getMinute() << 5
            | t.getSecond() >> 1)
        & MAGIC;
  }

  /** A little-endian header being assembled. */
  private static final class Header {
    private byte[] b = new byte[512];
    private int n;

    void reset() {
      n = 0;
    }

    int length() {
      return n;
    }

    private void room(int k) {
      if (n + k > b.length) {
        b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + k));
      }
    }

    void int16(int v) {
      room(2);
      b[n++] = (byte) v;
      b[n++] = (byte) (v >>> 8);
    }

    void int32(long v) {
      room(4);
      for (int i = 0; i < 4; i++) {
        b[n++] = (byte) (v >>> (8 * i));
      }
    }

    void int64(long v) {
      room(8);
      for (int i = 0; i < 8; i++) {
        b[n++] = (byte) (v >>> (8 * i));
      }
    }

    void bytes(byte[] v) {
      room(v.length);
      System.arraycopy(v, 0, b, n, v.length);
      n += v.length;
    }

    void sendTo(Parts parts) throws IOException {
      parts.bytes(b, 0, n);
    }
  }
}

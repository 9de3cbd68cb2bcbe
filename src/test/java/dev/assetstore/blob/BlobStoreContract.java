package dev.assetstore.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do, run against each backend by a one-line subclass. Each test
 * gets a fresh, empty store.
 */
abstract class BlobStoreContract {
  /** Larger than two S3 parts and not a multiple of one, so the last part is short. */
  static final int MULTIPART_SIZE = 2 * 8 * 1024 * 1024 + 12_345;

  BlobFixture fixture;
  BlobStore store;

  abstract BlobFixture fixture();

  @BeforeEach
  void open() {
    fixture = fixture();
    store = fixture.store();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void putReportsSizeAndDigestsAndReadsBackWholeAndInRanges() throws Exception {
    byte[] data = random(300_000, 1);
    StoredBlob b = store.put(new ByteArrayInputStream(data));

    assertThat(b.size()).isEqualTo(data.length);
    assertThat(b.sha256()).isEqualTo(sha256(data));
    assertThat(b.crc32()).isEqualTo(crc32(data));
    assertThat(read(b.key(), 0, data.length)).isEqualTo(data);
    assertThat(read(b.key(), 0, 10)).isEqualTo(slice(data, 0, 10));
    assertThat(read(b.key(), 123_456, 7_000)).isEqualTo(slice(data, 123_456, 7_000));
    assertThat(read(b.key(), data.length - 7, 7)).isEqualTo(slice(data, data.length - 7, 7));
    assertThat(read(b.key(), data.length - 1, 1)).isEqualTo(slice(data, data.length - 1, 1));
    assertThat(read(b.key(), 5, 0)).isEmpty();
  }

  @Test
  void emptyBodyIsABlobOfZeroBytes() throws Exception {
    StoredBlob b = store.put(InputStream.nullInputStream());
    assertThat(b.size()).isZero();
    assertThat(b.sha256()).isEqualTo(sha256(new byte[0]));
    assertThat(b.crc32()).isZero();
    assertThat(read(b.key(), 0, 0)).isEmpty();
    assertThat(keys(100)).containsExactly(b.key());
  }

  @Test
  void largeBodyRoundTripsIncludingRangesAcrossPartBoundaries() throws Exception {
    byte[] data = random(MULTIPART_SIZE, 2);
    StoredBlob b = store.put(new ByteArrayInputStream(data));

    assertThat(b.size()).isEqualTo(data.length);
    assertThat(b.sha256()).isEqualTo(sha256(data));
    assertThat(b.crc32()).isEqualTo(crc32(data));
    assertThat(sha256(read(b.key(), 0, data.length))).isEqualTo(b.sha256());
    int boundary = 8 * 1024 * 1024;
    assertThat(read(b.key(), boundary - 100, 200)).isEqualTo(slice(data, boundary - 100, 200));
    assertThat(read(b.key(), data.length - 20_000, 20_000))
        .isEqualTo(slice(data, data.length - 20_000, 20_000));
    assertThat(fixture.leftovers()).isEqualTo(1);
  }

  @Test
  void aReadClosedEarlyReleasesItsStreamAndTheStoreKeepsServing() throws Exception {
    byte[] data = random(MULTIPART_SIZE, 5);
    StoredBlob b = store.put(new ByteArrayInputStream(data));
    for (int i = 0; i < 5; i++) {
      try (InputStream in = store.open(b.key(), 0, data.length)) {
        assertThat(in.readNBytes(1000)).isEqualTo(slice(data, 0, 1000));
      }
    }
    assertThat(read(b.key(), 1_000_000, 10)).isEqualTo(slice(data, 1_000_000, 10));
  }

  @Test
  void bodyOfExactlyOnePartRoundTrips() throws Exception {
    byte[] data = random(8 * 1024 * 1024, 3);
    StoredBlob b = store.put(new ByteArrayInputStream(data));
    assertThat(read(b.key(), 0, data.length)).isEqualTo(data);
    assertThat(fixture.leftovers()).isEqualTo(1);
  }

  @Test
  void everyPutGetsAFreshWellFormedKey() throws Exception {
    byte[] data = "same bytes".getBytes();
    StoredBlob a = store.put(new ByteArrayInputStream(data));
    StoredBlob b = store.put(new ByteArrayInputStream(data));
    assertThat(a.key()).isNotEqualTo(b.key()).matches("[0-9a-f]{32}");
    assertThat(b.key()).matches("[0-9a-f]{32}");
    assertThat(keys(100)).containsExactlyInAnyOrder(a.key(), b.key());
  }

  @Test
  void deleteRemovesTheBlobAndIsIdempotent() throws Exception {
    StoredBlob kept = store.put(new ByteArrayInputStream("kept".getBytes()));
    StoredBlob gone = store.put(new ByteArrayInputStream("gone".getBytes()));

    store.delete(gone.key());
    store.delete(gone.key());

    assertThat(keys(100)).containsExactly(kept.key());
    assertThatThrownBy(() -> read(gone.key(), 0, 4)).isInstanceOf(IOException.class);
    assertThat(read(kept.key(), 0, 4)).isEqualTo("kept".getBytes());
    assertThat(fixture.leftovers()).isEqualTo(1);
  }

  @Test
  void blobsWrittenAfterTheStampAreNotListedOlderOnesAre() throws Exception {
    String older = store.put(new ByteArrayInputStream("older".getBytes())).key();
    // S3 stamps objects with whole seconds: the older blob must be in an earlier second.
    Thread.sleep(1_100);
    Instant stamp = store.stampNow();
    String younger = store.put(new ByteArrayInputStream("younger".getBytes())).key();
    List<String> listed = new ArrayList<>();
    store.listKeys(100, stamp, listed::addAll);
    assertThat(listed).contains(older).doesNotContain(younger);
    assertThat(keys(100)).contains(older, younger);
  }

  @Test
  void listKeysVisitsEveryKeyOnceInBatchesOfTheGivenSize() throws Exception {
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      written.add(store.put(new ByteArrayInputStream(("blob " + i).getBytes())).key());
    }
    List<Integer> sizes = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    store.listKeys(
        3,
        Instant.MAX,
        batch -> {
          sizes.add(batch.size());
          seen.addAll(batch);
        });
    assertThat(seen).containsExactlyInAnyOrderElementsOf(written);
    assertThat(sizes).containsExactly(3, 3, 1);
  }

  @Test
  void deleteAllRemovesExactlyTheGivenKeysAndIgnoresMissingOnes() throws Exception {
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(store.put(new ByteArrayInputStream(("blob " + i).getBytes())).key());
    }
    String neverStored = "0123456789abcdef0123456789abcdef";
    store.deleteAll(Set.of(written.get(0), written.get(2), written.get(4), neverStored));
    assertThat(keys(100)).containsExactlyInAnyOrder(written.get(1), written.get(3));
    store.deleteAll(Set.of());
    assertThat(fixture.leftovers()).isEqualTo(2);
  }

  @Test
  void removeTemporaryFilesClearsInterruptedWritesAndKeepsBlobs() throws Exception {
    StoredBlob kept = store.put(new ByteArrayInputStream("kept".getBytes()));
    fixture.plantInterruptedWrite();
    assertThat(fixture.leftovers()).isEqualTo(2);

    store.removeTemporaryFiles();

    assertThat(fixture.leftovers()).isEqualTo(1);
    assertThat(keys(100)).containsExactly(kept.key());
    assertThat(read(kept.key(), 0, 4)).isEqualTo("kept".getBytes());
  }

  @Test
  void isReadyWhenTheBackendAnswers() {
    assertThat(store.isReady()).isTrue();
  }

  @Test
  void lentChunksOfEverySizeRoundTripWithTheirDigests() throws Exception {
    // Past the fs store's early-writeback step and its write buffer, in chunks that straddle both.
    byte[] data = random(MULTIPART_SIZE + 1_000_003, 6);
    StoredBlob b = store.put(new LendingStream(data, null, 7));
    assertThat(b.size()).isEqualTo(data.length);
    assertThat(b.sha256()).isEqualTo(sha256(data));
    assertThat(b.crc32()).isEqualTo(crc32(data));
    assertThat(read(b.key(), 0, data.length)).isEqualTo(data);
    assertThat(fixture.leftovers()).isEqualTo(1);
  }

  @Test
  void lentChunksFailingMidwayLeaveNothing() {
    IOException broken = new IOException("connection reset by client");
    InputStream in = new LendingStream(random(MULTIPART_SIZE, 8), broken, 9);
    assertThatThrownBy(() -> store.put(in)).isSameAs(broken);
    assertThat(fixture.leftovers()).isZero();
  }

  /**
   * A {@link ChunkedInput} like the upload's: lends read-only views of random length (empty ones
   * too) into its data, then ends or fails.
   */
  private static final class LendingStream extends InputStream implements ChunkedInput {
    private final byte[] data;
    private final IOException failure;
    private final Random random;
    private int pos;

    LendingStream(byte[] data, IOException failure, long seed) {
      this.data = data;
      this.failure = failure;
      this.random = new Random(seed);
    }

    @Override
    public java.nio.ByteBuffer nextChunk() throws IOException {
      if (pos == data.length) {
        if (failure != null) {
          throw failure;
        }
        return null;
      }
      int n = Math.min(data.length - pos, random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(70_000));
      java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(data, pos, n).slice().asReadOnlyBuffer();
      pos += n;
      return view;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("the store must take the lent chunks");
    }
  }

  @Test
  void smallPutFailingMidwayLeavesNothing() {
    assertFailedPutLeavesNothing(100_000);
  }

  @Test
  void multipartSizedPutFailingMidwayLeavesNothing() {
    assertFailedPutLeavesNothing(MULTIPART_SIZE);
  }

  private void assertFailedPutLeavesNothing(int failAfter) {
    IOException broken = new IOException("connection reset by client");
    InputStream in = new FailingStream(random(failAfter, 4), broken);

    assertThatThrownBy(() -> store.put(in)).isSameAs(broken);

    assertThat(fixture.leftovers()).isZero();
  }

  /** Gives its bytes, then fails instead of ending: a client that went away mid-upload. */
  private static final class FailingStream extends InputStream {
    private final ByteArrayInputStream bytes;
    private final IOException failure;

    FailingStream(byte[] data, IOException failure) {
      this.bytes = new ByteArrayInputStream(data);
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      int b = bytes.read();
      if (b == -1) {
        throw failure;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = bytes.read(b, off, len);
      if (n == -1) {
        throw failure;
      }
      return n;
    }
  }

  @Test
  void localCopyHoldsTheBlobAndLeavesNoScratchFileBehind() throws Exception {
    byte[] data = random(70_000, 9);
    StoredBlob b = store.put(new ByteArrayInputStream(data));
    Path dir = Files.createTempDirectory("scratch");
    try {
      Scratch scratch = new Scratch(dir.resolve("s"));
      Path copied;
      try (LocalCopy c = store.localCopy(b.key(), b.size(), scratch)) {
        copied = c.path();
        assertThat(Files.readAllBytes(c.path())).isEqualTo(data);
        assertThat(c.size()).isEqualTo(data.length);
        assertThat(c.read(0, 54)).isEqualTo(slice(data, 0, 54));
        assertThat(c.read(data.length - 1024, 1024))
            .isEqualTo(slice(data, data.length - 1024, 1024));
        // past the end: what there is
        assertThat(c.read(data.length - 10, 54)).isEqualTo(slice(data, data.length - 10, 10));
        if (store.localPath(b.key()).isPresent()) {
          assertThat(c.path())
              .as("a local blob is read in place")
              .isEqualTo(store.localPath(b.key()).get());
        }
      }
      assertThat(dir.resolve("s")).isEmptyDirectory();
      assertThat(Files.exists(copied)).isEqualTo(store.localPath(b.key()).isPresent());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void scratchRemovesTemporaryFilesACrashLeftButKeepsTheFontCache() throws Exception {
    Path dir = Files.createTempDirectory("scratch");
    try {
      Files.writeString(dir.resolve("source-123.tmp"), "x");
      Files.writeString(dir.resolve("PDFBox456.tmp"), "x");
      Files.writeString(dir.resolve(".pdfbox.cache"), "fonts");
      new Scratch(dir);
      try (var files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString())).containsExactly(".pdfbox.cache");
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private byte[] read(String key, long offset, long length) throws IOException {
    try (InputStream in = store.open(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  private List<String> keys(int batchSize) throws IOException {
    List<String> all = new ArrayList<>();
    store.listKeys(batchSize, Instant.MAX, all::addAll);
    return all;
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] slice(byte[] data, int from, int length) {
    return Arrays.copyOfRange(data, from, from + length);
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  static long crc32(byte[] data) {
    CRC32 c = new CRC32();
    c.update(data);
    return c.getValue();
  }
}

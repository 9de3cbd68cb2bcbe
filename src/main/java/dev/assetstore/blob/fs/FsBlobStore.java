package dev.assetstore.blob.fs;

import dev.assetstore.blob.BlobKeys;
import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.DigestingCopy;
import dev.assetstore.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code root/xx/yy/<key>}. A put writes {@code root/tmp/<random>} (a large
 * one with background syncs along the way, {@link EarlyWriteback}), fsyncs it, moves it atomically
 * to its final name and fsyncs the directory (and the parent of every shard directory it had to
 * create), so an acknowledged blob survives a crash or power loss and a half-written one never
 * appears under a final name.
 */
public final class FsBlobStore implements BlobStore {

  private static final int WRITE_BUFFER = 256 * 1024;
  private final Path root;
  private final Path tmp;
  private final Set<Path> durableDirs = ConcurrentHashMap.newKeySet();
  private final FsUploads uploads;

  public FsBlobStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve("tmp");
    Files.createDirectories(tmp);
    this.uploads = new FsUploads(this, this.root.resolve("uploads"));
    // The store's own directories must outlive a power cut as much as the blobs under them.
    fsyncDirectory(this.root);
    if (this.root.getParent() != null) {
      fsyncDirectory(this.root.getParent());
    }
  }

  @Override
  public StoredBlob put(InputStream in) throws IOException {
    String key = BlobKeys.newKey();
    Path temp = tmp.resolve(key + ".part");
    Path target = pathOf(key);
    boolean done = false;
    try {
      DigestingCopy.Result result;
      try (FileChannel ch =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          Arena arena = Arena.ofConfined()) {
        EarlyWriteback writeback = new EarlyWriteback(ch);
        // Chunks are gathered in one direct buffer: a single copy, and few large writes (a
        // heap buffer would be copied again by the JDK into a temporary direct one).
        ByteBuffer pending = arena.allocate(WRITE_BUFFER, 4096).asByteBuffer();
        try {
          result =
              DigestingCopy.copy(
                  in,
                  chunk -> {
                    while (chunk.hasRemaining()) {
                      int n = Math.min(chunk.remaining(), pending.remaining());
                      pending.put(pending.position(), chunk, chunk.position(), n);
                      pending.position(pending.position() + n);
                      chunk.position(chunk.position() + n);
                      if (!pending.hasRemaining()) {
                        writeback.written(drain(ch, pending));
                      }
                    }
                  });
          drain(ch, pending);
        } finally {
          writeback.await();
        }
        writeback.check();
        ch.force(true);
      }
      ensureDurableDirectory(target.getParent());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(target.getParent());
      done = true;
      return new StoredBlob(key, result.size(), result.sha256(), result.crc32());
    } finally {
      if (!done) {
        // The write's own failure is what the caller must see, not one of the clean-up's.
        deleteQuietly(temp);
        deleteQuietly(target);
      }
    }
  }

  /** Writes what {@code pending} holds and empties it; returns the bytes written. */
  private static int drain(FileChannel ch, ByteBuffer pending) throws IOException {
    pending.flip();
    int n = pending.remaining();
    while (pending.hasRemaining()) {
      ch.write(pending);
    }
    pending.clear();
    return n;
  }

  /** Best effort: what cannot be deleted now is removed by the startup sweep. */
  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left for the sweep
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(pathOf(key), StandardOpenOption.READ);
    ch.position(offset);
    InputStream raw = Channels.newInputStream(ch);
    return new BoundedInputStream(raw, length);
  }

  @Override
  public Optional<Path> localPath(String key) {
    return Optional.of(pathOf(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(pathOf(key));
  }

  @Override
  public void removeTemporaryFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** The time the file system gives a file written now: the same coarse clock as every blob's. */
  @Override
  public Instant stampNow() throws IOException {
    Path marker = Files.createTempFile(tmp, "stamp-", ".part");
    try {
      return Files.getLastModifiedTime(marker).toInstant();
    } finally {
      Files.deleteIfExists(marker);
    }
  }

  /** A regular file last written before {@code t}; false for anything else or a vanished file. */
  private static boolean writtenBefore(Path p, Instant t) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(t);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void listKeys(int batchSize, Instant writtenBefore, Consumer<Collection<String>> batch)
      throws IOException {
    List<String> keys = new ArrayList<>(batchSize);
    try (Stream<Path> files = Files.walk(root)) {
      var it = files.iterator();
      while (it.hasNext()) {
        Path p = it.next();
        if (p.startsWith(tmp) || !writtenBefore(p, writtenBefore)) {
          continue;
        }
        String name = p.getFileName().toString();
        if (BlobKeys.isKey(name) && p.equals(pathOf(name))) {
          keys.add(name);
          if (keys.size() == batchSize) {
            batch.accept(List.copyOf(keys));
            keys.clear();
          }
        }
      }
    } catch (java.io.UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e.getCause();
      }
    }
    if (!keys.isEmpty()) {
      batch.accept(List.copyOf(keys));
    }
  }

  @Override
  public dev.assetstore.blob.ResumableBlobs resumable() {
    return uploads;
  }

  @Override
  public boolean isReady() {
    return Files.isDirectory(root) && Files.isWritable(tmp);
  }

  Path pathOf(String key) {
    if (!BlobKeys.isKey(key)) {
      throw new IllegalArgumentException("not a blob key");
    }
    return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
  }

  /**
   * Creates a shard directory if needed and makes sure each level's entry is durable by fsyncing
   * its parent: a blob is only as durable as the directories above it. Done once per directory and
   * process; a directory another put just created is synced here too, since that put may not have
   * synced it yet when this one is acknowledged.
   */
  void ensureDurableDirectory(Path dir) throws IOException {
    if (dir.equals(root) || durableDirs.contains(dir)) {
      return;
    }
    ensureDurableDirectory(dir.getParent());
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // created before (or by a concurrent put): its parent is synced below all the same
    }
    fsyncDirectory(dir.getParent());
    durableDirs.add(dir);
  }

  /**
   * Fsyncs a directory. A filesystem that refuses this (EINVAL, no permission to open a directory)
   * offers no stronger guarantee, so that is ignored; a real I/O error fails the write instead of
   * acknowledging bytes that may not be durable.
   */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      if (!(e instanceof AccessDeniedException
          || m.contains("Invalid argument")
          || m.contains("not supported"))) {
        throw e;
      }
    }
  }

  /** Limits a stream to a slice of the file. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

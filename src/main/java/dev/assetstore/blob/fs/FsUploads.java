package dev.assetstore.blob.fs;

import dev.assetstore.blob.ResumableBlobs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Resumable uploads on disk: {@code root/uploads/<key>.part}, appended to in place and fsynced at
 * every checkpoint, then moved to the blob's final name like any put. The directory is outside
 * {@code tmp} (which the startup sweep empties) and its names are not blob keys (so the orphan
 * sweep never lists them); the upload's row says when such a file is to be freed. No state string:
 * the file and the offset say everything.
 */
final class FsUploads implements ResumableBlobs {
  /** Bytes between fsyncs (and persisted offsets) while a piece arrives. */
  static final long CHECKPOINT = 8L * 1024 * 1024;

  private final FsBlobStore store;
  private final Path dir;
  private volatile boolean dirDurable;

  FsUploads(FsBlobStore store, Path dir) {
    this.store = store;
    this.dir = dir;
  }

  private Path partOf(String key) {
    return dir.resolve(store.pathOf(key).getFileName() + ".part");
  }

  @Override
  public Appender appender(String key, long offset, String state) throws IOException {
    if (!dirDurable) {
      Files.createDirectories(dir);
      FsBlobStore.fsyncDirectory(dir.getParent());
      dirDurable = true;
    }
    Path part = partOf(key);
    Path target = store.pathOf(key);
    if (!Files.exists(part) && Files.exists(target)) {
      // Finished before (a crash before the caller recorded it): nothing left to write.
      return new Finished();
    }
    boolean created = !Files.exists(part);
    FileChannel ch =
        FileChannel.open(
            part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    try {
      if (ch.size() < offset) {
        throw new IOException(
            "resumable upload file is shorter (" + ch.size() + ") than its offset " + offset);
      }
      // Bytes past the durable offset came from a writer that never reached a checkpoint.
      ch.truncate(offset);
      ch.position(offset);
      if (created) {
        ch.force(true);
        FsBlobStore.fsyncDirectory(dir);
      }
      return new FileAppender(ch, part, target);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public void abort(String key, String state) throws IOException {
    Files.deleteIfExists(partOf(key));
  }

  private final class FileAppender implements Appender {
    private final FileChannel ch;
    private final Path part;
    private final Path target;
    private long sinceSync;

    FileAppender(FileChannel ch, Path part, Path target) {
      this.ch = ch;
      this.part = part;
      this.target = target;
    }

    @Override
    public long room() {
      return CHECKPOINT - sinceSync;
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
      int n = chunk.remaining();
      while (chunk.hasRemaining()) {
        ch.write(chunk);
      }
      sinceSync += n;
    }

    @Override
    public String sync() throws IOException {
      ch.force(false);
      sinceSync = 0;
      return null;
    }

    @Override
    public void finish() throws IOException {
      ch.force(true);
      ch.close();
      store.ensureDurableDirectory(target.getParent());
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      FsBlobStore.fsyncDirectory(target.getParent());
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing written after the last sync is counted anyway
      }
    }
  }

  /** The appender of an upload whose blob is already in place. */
  private static final class Finished implements Appender {
    @Override
    public long room() {
      return 0;
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
      throw new IOException("upload already finished");
    }

    @Override
    public String sync() {
      return null;
    }

    @Override
    public void finish() {}

    @Override
    public void close() {}
  }
}

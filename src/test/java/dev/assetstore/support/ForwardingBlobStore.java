package dev.assetstore.support;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.ResumableBlobs;
import dev.assetstore.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** A real blob store with every call passed through: test wrappers override what they change. */
abstract class ForwardingBlobStore implements BlobStore {
  protected final BlobStore real;

  ForwardingBlobStore(BlobStore real) {
    this.real = real;
  }

  @Override
  public ResumableBlobs resumable() {
    return real.resumable();
  }

  @Override
  public StoredBlob put(InputStream in) throws IOException {
    return real.put(in);
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    return real.open(key, offset, length);
  }

  @Override
  public Optional<Path> localPath(String key) {
    return real.localPath(key);
  }

  @Override
  public void delete(String key) throws IOException {
    real.delete(key);
  }

  @Override
  public void deleteAll(Set<String> keys) throws IOException {
    real.deleteAll(keys);
  }

  @Override
  public void removeTemporaryFiles() throws IOException {
    real.removeTemporaryFiles();
  }

  @Override
  public Instant stampNow() throws IOException {
    return real.stampNow();
  }

  @Override
  public void listKeys(int batchSize, Instant writtenBefore, Consumer<Collection<String>> batch)
      throws IOException {
    real.listKeys(batchSize, writtenBefore, batch);
  }

  @Override
  public boolean isReady() {
    return real.isReady();
  }
}

package dev.assetstore.store.previews;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.LocalCopy;
import dev.assetstore.blob.Scratch;
import dev.assetstore.blob.StoredBlob;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.PreviewRow;
import dev.assetstore.db.PreviewStore;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareAccess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Previews (API.md §11): found in the database, or rendered once on a bounded pool, stored as a
 * derived blob and recorded so every node finds it. Every method blocks: call it off the event
 * loop.
 */
public final class PreviewService {
  private static final Logger LOG = LoggerFactory.getLogger(PreviewService.class);

  private final MetadataStore store;
  private final PreviewStore previews;
  private final BlobStore blobs;
  private final RenderPool pool;
  private final Scratch scratch;
  private final Counter renders;
  private final SingleFlight<Preview> flights = new SingleFlight<>();
  private final RecentPreviews recent;
  private final PreviewBodies bodies = new PreviewBodies();

  public PreviewService(
      MetadataStore store,
      BlobStore blobs,
      RenderPool pool,
      Scratch scratch,
      MeterRegistry meters,
      dev.assetstore.store.assets.RecentAssets recentAssets) {
    this.store = store;
    this.recent = new RecentPreviews(recentAssets);
    this.previews = store.previews();
    this.blobs = blobs;
    this.pool = pool;
    this.scratch = scratch;
    // PDFBox writes a font cache when a page uses a font it must look up on the system: here, not
    // in the user's home directory.
    if (System.getProperty("pdfbox.fontcache") == null) {
      System.setProperty("pdfbox.fontcache", scratch.dir().toString());
    }
    this.renders =
        Counter.builder("asset_store.preview.renders")
            .description("Previews rendered by this node (a cached or shared one is not counted)")
            .register(meters);
  }

  /** The owner's preview of an asset. */
  public Preview ofAsset(String id, PreviewParams p) throws Exception {
    long readAt = recent.generation();
    Preview preview = of(asset(id), p);
    recent.put(id, p, preview, readAt);
    return preview;
  }

  /**
   * The owner's preview of an asset as found within the last second, without blocking, or null
   * ("ask {@link #ofAsset}"): a cache hit then costs no query and no hop off the event loop.
   */
  public Preview recentOfAsset(String id, PreviewParams p) {
    return recent.get(id, p);
  }

  /** A share recipient's preview: an asset outside the share is 404, as if it did not exist. */
  public Preview ofSharedAsset(ShareAccess a, String id, PreviewParams p) throws Exception {
    AssetRow row = asset(id);
    boolean inside =
        a.asset() != null
            ? a.asset().id().equals(row.id())
            : row.folderId() != null && store.folder(row.folderId()).map(a::contains).orElse(false);
    if (!inside) {
      throw ApiError.notFound("Asset");
    }
    return of(row, p);
  }

  private AssetRow asset(String id) {
    if (id == null || !Ids.isValid(id)) {
      throw ApiError.notFound("Asset");
    }
    return store.asset(id).orElseThrow(() -> ApiError.notFound("Asset"));
  }

  private Preview of(AssetRow a, PreviewParams p) throws Exception {
    SourceKind kind = SourceKind.of(a.contentType());
    if (kind == null) {
      throw new ApiError(404, "No preview for " + a.contentType());
    }
    String variant = p.variant();
    Optional<PreviewRow> hit = previews.preview(a.sha256(), variant);
    if (hit.isPresent()) {
      return withBody(view(hit.get()));
    }
    return flights.run(
        a.sha256() + "/" + variant,
        () -> {
          Optional<PreviewRow> now = previews.preview(a.sha256(), variant);
          return now.isPresent() ? withBody(view(now.get())) : make(a, kind, p, variant);
        });
  }

  private Preview make(AssetRow a, SourceKind kind, PreviewParams p, String variant)
      throws Exception {
    Renderer.Rendered r;
    // A local blob is read in place; a remote one (S3) is fetched to a scratch file first, since
    // decoders seek, and the copy is made before a render slot is taken.
    try (LocalCopy src = blobs.localCopy(a.blobKey(), a.size(), scratch)) {
      r =
          pool.render(
              abort -> {
                renders.increment();
                return renderGuarded(kind, src, p, abort);
              });
    }
    StoredBlob b = blobs.put(new ByteArrayInputStream(r.bytes()));
    Optional<PreviewRow> won;
    try {
      won =
          previews.insertPreview(
              new PreviewRow(
                  a.sha256(), variant, b.key(), b.size(), r.contentType(), Times.nowMicros()));
    } catch (RuntimeException e) {
      deleteBlob(b.key());
      throw e;
    }
    if (won.isEmpty()) {
      // The last asset with this content was deleted while the preview was being made.
      deleteBlob(b.key());
      throw ApiError.notFound("Asset");
    }
    if (!won.get().blobKey().equals(b.key())) {
      // Another node recorded the same preview first; its blob is the one kept.
      deleteBlob(b.key());
      return withBody(view(won.get()));
    }
    bodies.put(b.key(), r.bytes());
    return withBody(view(won.get()));
  }

  /**
   * Every failure of a decoder on a user's file is that file's fault, so 422: the readers throw
   * IOExceptions and all sorts of runtime exceptions on hostile input, and a deep structure may
   * exhaust the stack or a bomb the heap.
   */
  private Renderer.Rendered renderGuarded(
      SourceKind kind, LocalCopy src, PreviewParams p, Abort abort) {
    try {
      return Renderer.render(kind, src, p, scratch.dir(), abort);
    } catch (ApiError e) {
      throw e;
    } catch (CancellationException e) {
      throw Unreadable.tooSlow();
    } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
      if (abort.requested()) {
        throw Unreadable.tooSlow();
      }
      LOG.info("preview of a {} failed: {}", kind, e.toString());
      throw Unreadable.corrupt();
    }
  }

  private static Preview view(PreviewRow r) {
    return new Preview(
        r.blobKey(),
        r.size(),
        r.contentType(),
        "\"p-" + r.sha256() + "-" + r.variant() + "\"",
        null);
  }

  /** The preview with its bytes when it is small: read once per blob on this node, then kept. */
  private Preview withBody(Preview p) {
    if (p.size() > PreviewBodies.LIMIT) {
      return p;
    }
    byte[] body = bodies.get(p.blobKey());
    if (body == null) {
      try (InputStream in = blobs.open(p.blobKey(), 0, p.size())) {
        body = in.readNBytes((int) p.size() + 1);
      } catch (IOException | RuntimeException e) {
        // Sent the usual way, which reports the problem.
        return p;
      }
      if (body.length != p.size()) {
        return p;
      }
      bodies.put(p.blobKey(), body);
    }
    return new Preview(p.blobKey(), p.size(), p.contentType(), p.etag(), body);
  }

  /** The stored preview's bytes. */
  public InputStream open(Preview p) {
    try {
      return blobs.open(p.blobKey(), 0, p.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Path> localPath(Preview p) {
    return blobs.localPath(p.blobKey());
  }

  /** After an asset was deleted: frees the previews of its content if no asset has it any more. */
  public void contentDeleted(String sha256) {
    freeWithout(sha256);
  }

  /**
   * Frees the previews of every content no asset has (after a folder delete, and at start, for what
   * a crash between an asset's delete and its previews' left behind). Returns how many.
   */
  public int freeOrphans() {
    return freeWithout(null);
  }

  /** The asset delete has succeeded whatever happens here; a record left is freed at next start. */
  private int freeWithout(String sha256) {
    try {
      List<String> keys = previews.deletePreviewsWithoutAsset(sha256);
      free(keys);
      return keys.size();
    } catch (RuntimeException e) {
      LOG.warn("could not free previews: {}", e.toString());
      return 0;
    }
  }

  private void free(List<String> keys) {
    for (String k : keys) {
      deleteBlob(k);
    }
  }

  private void deleteBlob(String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      // The record is gone; the orphan sweep removes the bytes.
      LOG.warn("could not delete preview blob {}: {}", key, e.toString());
    }
  }
}

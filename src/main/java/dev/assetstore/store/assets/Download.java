package dev.assetstore.store.assets;

import dev.assetstore.db.AssetRow;
import dev.assetstore.store.zip.ZipEntrySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** What a download request resolved to, decided before the first byte is sent. */
public sealed interface Download {

  /**
   * One asset: sent as itself, zero-copy when the blob store has a local file; {@code smallBody},
   * when not null, is the whole content of a small asset, kept in memory (RecentAssets). {@code
   * encoded} is a slot for the HTTP layer's encoding of the response headers, which lives exactly
   * as long as this resolution (up to a second in RecentAssets).
   */
  record Single(AssetRow asset, Path localPath, byte[] smallBody, AtomicReference<Object> encoded)
      implements Download {
    public Single(AssetRow asset, Path localPath, byte[] smallBody) {
      this(asset, localPath, smallBody, new AtomicReference<>());
    }

    public Single(AssetRow asset, Path localPath) {
      this(asset, localPath, null);
    }
  }

  /** Several assets: a STORED ZIP whose exact length is known up front. */
  record Archive(String filename, List<ZipEntrySpec> entries, long length) implements Download {}
}

package dev.assetstore.store.assets;

import dev.assetstore.db.AssetRow;
import dev.assetstore.store.zip.ZipEntrySpec;
import java.nio.file.Path;
import java.util.List;

/** What a download request resolved to, decided before the first byte is sent. */
public sealed interface Download {

  /** One asset: sent as itself, zero-copy when the blob store has a local file. */
  record Single(AssetRow asset, Path localPath) implements Download {}

  /** Several assets: a STORED ZIP whose exact length is known up front. */
  record Archive(String filename, List<ZipEntrySpec> entries, long length) implements Download {}
}

package dev.assetstore.store.folders;

import dev.assetstore.store.assets.AssetRecord;

/** What a store URL points at (API.md §7). */
public sealed interface Resolved {
  record Asset(AssetRecord record) implements Resolved {}

  record Folder(FolderRecord record) implements Resolved {}

  record Root() implements Resolved {}
}

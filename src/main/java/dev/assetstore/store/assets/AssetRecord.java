package dev.assetstore.store.assets;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.store.auth.ActorView;

/** An asset with what its views need: its folder (for path and hydration) and its creator. */
public record AssetRecord(AssetRow row, FolderRow folder, ActorView createdBy) {
  public String path() {
    return (folder == null ? "" : folder.path()) + "/" + row.name();
  }
}

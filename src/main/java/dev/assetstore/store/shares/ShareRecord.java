package dev.assetstore.store.shares;

import dev.assetstore.db.ShareRow;
import dev.assetstore.store.assets.AssetRecord;
import dev.assetstore.store.auth.ActorView;
import dev.assetstore.store.folders.FolderRecord;

/** A share with its target (for hydration) and creator; {@code token} only right after create. */
public record ShareRecord(
    ShareRow row, AssetRecord asset, FolderRecord folder, ActorView createdBy, String accessUrl) {

  public boolean active(long now) {
    ShareRow r = row;
    return (r.expires() == null || r.expires() > now)
        && (r.maxDownloads() == null || r.downloads() < r.maxDownloads());
  }
}

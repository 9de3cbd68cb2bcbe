package dev.assetstore.store.shares;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.ShareRow;
import dev.assetstore.store.ApiError;

/**
 * A verified share access token: the live share and its target (the shared asset, or the shared
 * folder that bounds everything the token may read).
 */
public record ShareAccess(ShareRow share, AssetRow asset, FolderRow root) {

  /** The share with its target read from the store; 404 when the target is gone. */
  static ShareAccess load(MetadataStore store, ShareRow r) {
    if ("asset".equals(r.targetType())) {
      return new ShareAccess(
          r, store.asset(r.assetId()).orElseThrow(() -> ApiError.notFound("Share")), null);
    }
    return new ShareAccess(
        r, null, store.folder(r.folderId()).orElseThrow(() -> ApiError.notFound("Share")));
  }

  /** True if a folder lies inside the shared subtree. */
  public boolean contains(FolderRow f) {
    return root != null && (f.id().equals(root.id()) || f.path().startsWith(root.path() + "/"));
  }

  /** The public form of a path: everything above the shared folder is cut away. */
  public String publicPath(String fullPath) {
    if (root == null) {
      return fullPath.substring(fullPath.lastIndexOf('/'));
    }
    int cut = root.path().length() - root.name().length() - 1;
    return fullPath.substring(cut);
  }
}

package dev.assetstore.db;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records of previews (issue 17), shared by every node through the metadata database. Every method
 * blocks: call it off the event loop.
 */
public interface PreviewStore {

  Optional<PreviewRow> preview(String sha256, String variant);

  /**
   * Records a preview while an asset with its content exists. Returns the row now recorded for the
   * key: this one, or the one another node recorded first; empty when no asset has that content any
   * more (the caller then removes its blob).
   */
  Optional<PreviewRow> insertPreview(PreviewRow row);

  /**
   * Removes the records of previews whose content no asset has any more ({@code sha256} null: of
   * every content) and returns their blob keys, to be deleted by the caller.
   */
  List<String> deletePreviewsWithoutAsset(String sha256);

  /** Which of these blob keys a preview record references (for the orphan sweep). */
  Set<String> referencedPreviewKeys(Collection<String> keys);
}

package dev.assetstore.db;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records of keys, folders and assets. Every method is one atomic unit and blocks: call it off the
 * event loop. Field names in {@link ListQuery} are the API's filter names; each implementation maps
 * them to its columns.
 */
public interface MetadataStore extends FolderStore, ShareStore, AutoCloseable {

  /** Returns the stored value, storing {@code initial} first if there is none (race-free). */
  String setting(String key, Supplier<String> initial);

  boolean isReady();

  /**
   * True when this process is the database's only writer (embedded SQLite), so that what it wrote
   * is every change there is and per-node read caches stay exact; false when other nodes share it.
   */
  boolean soleWriter();

  /** Preview records (issue 17). */
  PreviewStore previews();

  /** Users, refresh tokens and login failures (issue 5). */
  AccountStore accounts();

  /** Resumable uploads and their leases (issue 16). */
  UploadStore uploads();

  // API keys
  void insertApiKey(ApiKeyRow row);

  Optional<ApiKeyRow> apiKeyByHash(String keyHash);

  Optional<ApiKeyRow> apiKey(String id);

  List<ApiKeyRow> apiKeys(Collection<String> ids);

  Slice<ApiKeyRow> listApiKeys(ListQuery query);

  boolean deleteApiKey(String id);

  /** Sets {@code last_used}, never moving it backwards. */
  void touchApiKey(String id, long when);

  long countApiKeys();

  // Assets
  void insertAsset(AssetRow row) throws NameConflictException;

  Optional<AssetRow> asset(String id);

  List<AssetRow> assets(Collection<String> ids);

  Slice<AssetRow> listAssets(ListQuery query);

  /** Replaces the mutable fields; false if the asset is gone. */
  boolean updateAsset(AssetRow row) throws NameConflictException;

  Optional<AssetRow> deleteAsset(String id);

  boolean assetNameTaken(String folderId, String name);

  /** Which of these blob keys a record still references. */
  Set<String> referencedBlobKeys(Collection<String> keys);

  @Override
  void close();
}

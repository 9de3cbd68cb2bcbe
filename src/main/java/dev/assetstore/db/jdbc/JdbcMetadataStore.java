package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.Tables.*;

import dev.assetstore.db.AccountStore;
import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.ShareRow;
import dev.assetstore.db.Slice;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The one JDBC implementation of {@link MetadataStore}; what differs lives in the dialect. This
 * class migrates the schema, keeps the settings, and hands each kind of record to its own class:
 * {@link JdbcAssets}, {@link JdbcApiKeys}, {@link JdbcFolderStore}, {@link JdbcShareStore} and
 * {@link JdbcAccounts}.
 */
public final class JdbcMetadataStore implements MetadataStore {

  private final SqlDialect dialect;
  private final DSLContext read;
  private final DSLContext write;
  private final JdbcAccounts accounts;
  private final JdbcApiKeys apiKeys;
  private final JdbcAssets assets;
  private final JdbcFolderStore folders;
  private final JdbcShareStore shares;
  private final JdbcUploads uploads;
  private final JdbcPreviews previews;

  public JdbcMetadataStore(SqlDialect dialect) {
    this.dialect = dialect;
    try {
      if (!upToDate(dialect.writePool())) {
        Flyway.configure()
            .dataSource(dialect.writePool())
            .locations(dialect.migrations())
            .load()
            .migrate();
      }
    } catch (RuntimeException e) {
      dialect.close();
      throw e;
    }
    Settings settings = new Settings().withExecuteLogging(false).withRenderSchema(false);
    this.read = DSL.using(dialect.readPool(), dialect.jooq(), settings);
    this.write = DSL.using(dialect.writePool(), dialect.jooq(), settings);
    this.accounts = new JdbcAccounts(dialect, read, write);
    this.apiKeys = new JdbcApiKeys(dialect, read, write);
    this.assets = new JdbcAssets(dialect, read, write);
    this.folders = new JdbcFolderStore(dialect, read, write);
    this.shares = new JdbcShareStore(read, write);
    this.uploads = new JdbcUploads(read, write);
    this.previews = new JdbcPreviews(read, write);
  }

  /**
   * The newest migration this build ships; {@code MigrationsTest} keeps it in step with the files.
   */
  static final String LATEST_MIGRATION = "5";

  /**
   * Whether every migration up to {@link #LATEST_MIGRATION} has been applied successfully. On an
   * ordinary restart that is so, and Flyway (its class loading and its scan of the whole jar for
   * migration files, a tenth of the start) is skipped; anything else (a new or older database, a
   * failed migration) goes through Flyway as before.
   */
  static boolean upToDate(DataSource pool) {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select version, success from flyway_schema_history")) {
      boolean latest = false;
      while (rs.next()) {
        String version = rs.getString(1);
        if (!rs.getBoolean(2)) {
          return false;
        }
        latest |= LATEST_MIGRATION.equals(version);
      }
      return latest;
    } catch (SQLException e) {
      // No history table yet: a new database.
      return false;
    }
  }

  /** The column map for a resource's list, exposed so tests can check it against the API. */
  public static Set<String> listFields(String resource) {
    ResourceColumns rc =
        switch (resource) {
          case "asset" -> JdbcAssets.COLUMNS;
          case "folder" -> JdbcFolders.COLUMNS;
          case "share" -> JdbcShares.COLUMNS;
          case "user" -> JdbcAccounts.COLUMNS;
          default -> JdbcApiKeys.COLUMNS;
        };
    Set<String> s = new HashSet<>(rc.columns().keySet());
    s.addAll(rc.tagConditions().keySet());
    return s;
  }

  @Override
  public boolean soleWriter() {
    return dialect.embedded();
  }

  @Override
  public String setting(String key, Supplier<String> initial) {
    return JdbcSupport.guard(
        () -> {
          String v = read.select(S_VALUE).from(SETTINGS).where(S_KEY.eq(key)).fetchOne(S_VALUE);
          if (v != null) {
            return v;
          }
          String candidate = initial.get();
          write
              .insertInto(SETTINGS)
              .set(S_KEY, key)
              .set(S_VALUE, candidate)
              .onConflictDoNothing()
              .execute();
          return write.select(S_VALUE).from(SETTINGS).where(S_KEY.eq(key)).fetchOne(S_VALUE);
        });
  }

  @Override
  public dev.assetstore.db.PreviewStore previews() {
    return previews;
  }

  @Override
  public AccountStore accounts() {
    return accounts;
  }

  @Override
  public dev.assetstore.db.UploadStore uploads() {
    return uploads;
  }

  @Override
  public boolean isReady() {
    try {
      return read.selectOne().fetchOne() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dialect.close();
  }

  // ---- API keys: JdbcApiKeys

  @Override
  public void insertApiKey(ApiKeyRow r) {
    apiKeys.insert(r);
  }

  @Override
  public Optional<ApiKeyRow> apiKeyByHash(String keyHash) {
    return apiKeys.byHash(keyHash);
  }

  @Override
  public Optional<ApiKeyRow> apiKey(String id) {
    return apiKeys.byId(id);
  }

  @Override
  public List<ApiKeyRow> apiKeys(Collection<String> ids) {
    return apiKeys.byIds(ids);
  }

  @Override
  public Slice<ApiKeyRow> listApiKeys(ListQuery q) {
    return apiKeys.list(q);
  }

  @Override
  public boolean deleteApiKey(String id) {
    return apiKeys.delete(id);
  }

  @Override
  public void touchApiKey(String id, long when) {
    apiKeys.touch(id, when);
  }

  @Override
  public long countApiKeys() {
    return apiKeys.count();
  }

  // ---- Assets: JdbcAssets

  @Override
  public void insertAsset(AssetRow r) throws NameConflictException {
    assets.insert(r);
  }

  @Override
  public Optional<AssetRow> asset(String id) {
    return assets.byId(id);
  }

  @Override
  public List<AssetRow> assets(Collection<String> ids) {
    return assets.byIds(ids);
  }

  @Override
  public Slice<AssetRow> listAssets(ListQuery q) {
    return assets.list(q);
  }

  @Override
  public boolean updateAsset(AssetRow r) throws NameConflictException {
    return assets.update(r);
  }

  @Override
  public Optional<AssetRow> deleteAsset(String id) {
    return assets.delete(id);
  }

  @Override
  public boolean assetNameTaken(String folderId, String name) {
    return assets.nameTaken(folderId, name);
  }

  @Override
  public Optional<AssetRow> assetByName(String folderId, String name) {
    return assets.byName(folderId, name);
  }

  @Override
  public Set<String> referencedBlobKeys(Collection<String> keys) {
    return assets.referencedBlobKeys(keys);
  }

  // ---- Folders: JdbcFolderStore

  @Override
  public Optional<FolderRow> folder(String id) {
    return folders.byId(id);
  }

  @Override
  public List<FolderRow> folders(Collection<String> ids) {
    return folders.byIds(ids);
  }

  @Override
  public Optional<FolderRow> folderByPath(String path) {
    return folders.byPath(path);
  }

  @Override
  public Slice<FolderRow> listFolders(ListQuery q) {
    return folders.list(q);
  }

  @Override
  public FolderRow insertFolder(FolderRow row, int maxDepth)
      throws NameConflictException, TreeException {
    return folders.insert(row, maxDepth);
  }

  @Override
  public FolderRow updateFolder(FolderRow wanted, int maxDepth)
      throws NameConflictException, TreeException {
    return folders.update(wanted, maxDepth);
  }

  @Override
  public List<String> deleteFolder(String id, boolean recursive) throws TreeException {
    return folders.delete(id, recursive);
  }

  @Override
  public void walkSubtree(FolderRow root, Consumer<FolderRow> into, Consumer<AssetRow> assets) {
    folders.walk(root, into, assets);
  }

  // ---- Shares: JdbcShareStore

  @Override
  public void insertShare(ShareRow row) {
    shares.insert(row);
  }

  @Override
  public Optional<ShareRow> share(String id) {
    return shares.byId(id);
  }

  @Override
  public Optional<ShareRow> shareByToken(String token) {
    return shares.byToken(token);
  }

  @Override
  public Slice<ShareRow> listShares(ListQuery q) {
    return shares.list(q);
  }

  @Override
  public List<ShareRow> sharesOfAsset(String assetId) {
    return shares.ofAsset(assetId);
  }

  @Override
  public List<ShareRow> sharesOfFolder(String folderId) {
    return shares.ofFolder(folderId);
  }

  @Override
  public boolean updateShare(ShareRow row) {
    return shares.update(row);
  }

  @Override
  public boolean deleteShare(String id) {
    return shares.delete(id);
  }

  @Override
  public Optional<Guess> reserveGuess(String id, long now, long windowMicros, int maxGuesses) {
    return shares.reserveGuess(id, now, windowMicros, maxGuesses);
  }

  @Override
  public void releaseGuess(String id, long windowStart) {
    shares.releaseGuess(id, windowStart);
  }

  @Override
  public void recordFailure(String id) {
    shares.recordFailure(id);
  }

  @Override
  public void recordView(String id, long now) {
    shares.recordView(id, now);
  }

  @Override
  public boolean takeDownloadSlot(String shareId, String slotId, long now, long slotTtlMicros) {
    return shares.takeDownloadSlot(shareId, slotId, now, slotTtlMicros);
  }

  @Override
  public void finishDownload(String shareId, String slotId, boolean completed, long now) {
    shares.finishDownload(shareId, slotId, completed, now);
  }
}

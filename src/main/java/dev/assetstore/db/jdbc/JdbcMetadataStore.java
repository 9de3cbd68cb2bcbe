package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.Tables.*;
import static org.jooq.impl.DSL.selectOne;

import dev.assetstore.db.Actor;
import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.FolderStore.TreeException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** The one JDBC implementation of {@link MetadataStore}; what differs lives in the dialect. */
public final class JdbcMetadataStore implements MetadataStore {

  static final ResourceColumns ASSET_COLUMNS =
      new ResourceColumns(
          ASSETS,
          ASSET_ROW,
          A_ID,
          Map.of(
              "name", A_NAME,
              "content_type", A_CONTENT_TYPE,
              "size", A_SIZE,
              "folder", A_FOLDER,
              "sha256", A_SHA256,
              "created", A_CREATED,
              "updated", A_UPDATED,
              "created_by", A_BY_ID),
          Map.<String, Function<Object, Condition>>of(
              "tags",
              tag ->
                  DSL.exists(
                      selectOne()
                          .from(ASSET_TAGS)
                          .where(T_ASSET.eq(A_ID))
                          .and(T_TAG.eq((String) tag)))),
          List.of(A_NAME, A_DESCRIPTION));

  static final ResourceColumns API_KEY_COLUMNS =
      new ResourceColumns(
          API_KEYS,
          API_KEY_ROW,
          K_ID,
          Map.of(
              "label", K_LABEL,
              "expires", K_EXPIRES,
              "last_used", K_LAST_USED,
              "created", K_CREATED,
              "updated", K_UPDATED,
              "created_by", K_BY_ID),
          Map.<String, Function<Object, Condition>>of(
              "scopes", scope -> DSL.position(K_SCOPES, DSL.val(quote((String) scope))).gt(0)),
          List.of(K_LABEL));

  private final SqlDialect dialect;
  private final DSLContext read;
  private final DSLContext write;
  private final JdbcAccounts accounts;
  private final JdbcPreviews previews;
  private final RowCache<FolderRow> folders;
  private final RowCache<ApiKeyRow> apiKeys;

  @Override
  public boolean soleWriter() {
    return dialect.embedded();
  }

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
    this.previews = new JdbcPreviews(read, write);
    this.folders = new RowCache<>(dialect.embedded(), FolderRow::id);
    this.apiKeys = new RowCache<>(dialect.embedded(), ApiKeyRow::id);
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
          case "asset" -> ASSET_COLUMNS;
          case "folder" -> JdbcFolders.COLUMNS;
          case "share" -> JdbcShares.COLUMNS;
          case "user" -> JdbcAccounts.COLUMNS;
          default -> API_KEY_COLUMNS;
        };
    Set<String> s = new HashSet<>(rc.columns().keySet());
    s.addAll(rc.tagConditions().keySet());
    return s;
  }

  @Override
  public String setting(String key, Supplier<String> initial) {
    return guard(
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
  public dev.assetstore.db.AccountStore accounts() {
    return accounts;
  }

  @Override
  public boolean isReady() {
    try {
      return read.selectOne().fetchOne() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ---- API keys

  @Override
  public void insertApiKey(ApiKeyRow r) {
    guard(
        () ->
            write
                .insertInto(API_KEYS)
                .set(K_ID, r.id())
                .set(K_LABEL, r.label())
                .set(K_PREFIX, r.prefix())
                .set(K_HASH, r.keyHash())
                .set(K_SCOPES, json(r.scopes()))
                .set(K_EXPIRES, r.expires())
                .set(K_LAST_USED, r.lastUsed())
                .set(K_CREATED, r.created())
                .set(K_UPDATED, r.updated())
                .set(K_BY_TYPE, r.createdBy() == null ? null : r.createdBy().type())
                .set(K_BY_ID, r.createdBy() == null ? null : r.createdBy().id())
                .execute());
  }

  @Override
  public Optional<ApiKeyRow> apiKeyByHash(String keyHash) {
    return guard(
        () ->
            read.select(API_KEY_ROW)
                .from(API_KEYS)
                .where(K_HASH.eq(keyHash))
                .fetchOptional(this::apiKey));
  }

  @Override
  public Optional<ApiKeyRow> apiKey(String id) {
    return guard(
        () ->
            read.select(API_KEY_ROW).from(API_KEYS).where(K_ID.eq(id)).fetchOptional(this::apiKey));
  }

  @Override
  public List<ApiKeyRow> apiKeys(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return apiKeys.get(
        ids,
        missing ->
            guard(
                () ->
                    read.select(API_KEY_ROW)
                        .from(API_KEYS)
                        .where(K_ID.in(missing))
                        .fetch(this::apiKey)));
  }

  @Override
  public Slice<ApiKeyRow> listApiKeys(ListQuery q) {
    return list(API_KEY_COLUMNS, q, this::apiKey);
  }

  @Override
  public boolean deleteApiKey(String id) {
    try {
      return guard(() -> write.deleteFrom(API_KEYS).where(K_ID.eq(id)).execute() > 0);
    } finally {
      apiKeys.forget(id);
    }
  }

  @Override
  public void touchApiKey(String id, long when) {
    try {
      touch(id, when);
    } finally {
      apiKeys.forget(id);
    }
  }

  private void touch(String id, long when) {
    guard(
        () ->
            write
                .update(API_KEYS)
                .set(K_LAST_USED, when)
                .where(K_ID.eq(id))
                .and(K_LAST_USED.isNull().or(K_LAST_USED.lt(when)))
                .execute());
  }

  @Override
  public long countApiKeys() {
    return guard(() -> (long) read.fetchCount(API_KEYS));
  }

  // ---- Folders

  @Override
  public Optional<FolderRow> folder(String id) {
    return folders.get(
        id,
        one ->
            guard(
                () ->
                    read.select(FOLDER_ROW)
                        .from(FOLDERS)
                        .where(F_ID.eq(one))
                        .fetchOptional(this::folder)));
  }

  @Override
  public List<FolderRow> folders(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return folders.get(
        ids,
        missing ->
            guard(
                () ->
                    read.select(FOLDER_ROW)
                        .from(FOLDERS)
                        .where(F_ID.in(missing))
                        .fetch(this::folder)));
  }

  @Override
  public Optional<FolderRow> folderByPath(String path) {
    return guard(
        () ->
            read.select(FOLDER_ROW)
                .from(FOLDERS)
                .where(F_PATH.eq(path))
                .fetchOptional(this::folder));
  }

  @Override
  public Slice<FolderRow> listFolders(ListQuery q) {
    return list(JdbcFolders.COLUMNS, q, this::folder);
  }

  @Override
  public FolderRow insertFolder(FolderRow row, int maxDepth)
      throws NameConflictException, TreeException {
    return treeGuard(() -> treeTx(t -> JdbcFolders.insert(t, row, maxDepth, this::folder)));
  }

  @Override
  public FolderRow updateFolder(FolderRow wanted, int maxDepth)
      throws NameConflictException, TreeException {
    try {
      return treeGuard(() -> treeTx(t -> JdbcFolders.update(t, wanted, maxDepth, this::folder)));
    } finally {
      // A rename or move rewrites the path of every folder below.
      folders.forgetAll();
    }
  }

  @Override
  public List<String> deleteFolder(String id, boolean recursive) throws TreeException {
    try {
      return treeGuard(() -> treeTx(t -> JdbcFolders.delete(t, id, recursive, this::folder)));
    } catch (NameConflictException e) {
      throw new IllegalStateException(e);
    } finally {
      folders.forgetAll();
    }
  }

  @Override
  public void walkSubtree(FolderRow root, Consumer<FolderRow> folders, Consumer<AssetRow> assets) {
    guard(() -> JdbcFolders.walk(read, root, this::folder, folders, assets));
  }

  @Override
  public Optional<AssetRow> assetByName(String folderId, String name) {
    return guard(
        () ->
            AssetRows.fetchOptional(
                read.select(ASSET_ROW)
                    .from(ASSETS)
                    .where(folderId == null ? A_FOLDER.isNull() : A_FOLDER.eq(folderId))
                    .and(A_NAME.eq(name))));
  }

  /** Carries a checked {@link TreeException} out of a jOOQ transaction lambda. */
  private static final class TreeFailure extends RuntimeException {
    final TreeException cause;

    TreeFailure(TreeException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }

  private interface TreeWork<T> {
    T run(DSLContext tx) throws TreeException;
  }

  /**
   * A transaction that changes the folder tree. Tree changes take one lock shared by every node and
   * run one at a time: a move rewrites the paths of a whole subtree, and its cycle and depth
   * checks, like a new folder's path, are only sound if no other move runs meanwhile.
   */
  private <T> T treeTx(TreeWork<T> work) {
    return write.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          dialect.serialize(t, "folder-tree");
          try {
            return work.run(t);
          } catch (TreeException e) {
            throw new TreeFailure(e);
          }
        });
  }

  private <T> T treeGuard(Supplier<T> body) throws NameConflictException, TreeException {
    try {
      return uniqueGuard(body);
    } catch (TreeFailure f) {
      throw f.cause;
    } catch (DataAccessException e) {
      if (e.getCause() instanceof TreeFailure f) {
        throw f.cause;
      }
      throw e;
    }
  }

  // ---- Shares

  @Override
  public void insertShare(ShareRow row) {
    guard(() -> JdbcShares.insert(write, row, JdbcMetadataStore::json));
  }

  @Override
  public Optional<ShareRow> share(String id) {
    return guard(
        () -> read.select(SHARE_ROW).from(SHARES).where(SH_ID.eq(id)).fetchOptional(this::share));
  }

  @Override
  public Optional<ShareRow> shareByToken(String token) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_TOKEN.eq(token))
                .fetchOptional(this::share));
  }

  @Override
  public Slice<ShareRow> listShares(ListQuery q) {
    return list(JdbcShares.COLUMNS, q, this::share);
  }

  @Override
  public List<ShareRow> sharesOfAsset(String assetId) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_ASSET.eq(assetId))
                .orderBy(SH_CREATED.desc(), SH_ID.desc())
                .fetch(this::share));
  }

  @Override
  public List<ShareRow> sharesOfFolder(String folderId) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_FOLDER.eq(folderId))
                .orderBy(SH_CREATED.desc(), SH_ID.desc())
                .fetch(this::share));
  }

  @Override
  public boolean updateShare(ShareRow row) {
    return guard(() -> JdbcShares.update(write, row, JdbcMetadataStore::json));
  }

  @Override
  public boolean deleteShare(String id) {
    return guard(() -> write.deleteFrom(SHARES).where(SH_ID.eq(id)).execute() > 0);
  }

  @Override
  public Optional<Guess> reserveGuess(String id, long now, long windowMicros, int maxGuesses) {
    return guard(
        () ->
            write.transactionResult(
                tx ->
                    JdbcShares.reserveGuess(
                        tx.dsl(), id, now, windowMicros, maxGuesses, this::share)));
  }

  @Override
  public void releaseGuess(String id, long windowStart) {
    guard(() -> JdbcShares.releaseGuess(write, id, windowStart));
  }

  @Override
  public void recordFailure(String id) {
    guard(
        () -> write.update(SHARES).set(SH_FAILED, SH_FAILED.plus(1)).where(SH_ID.eq(id)).execute());
  }

  @Override
  public void recordView(String id, long now) {
    guard(
        () ->
            write
                .update(SHARES)
                .set(SH_VIEWS, SH_VIEWS.plus(1))
                .set(SH_LAST_ACCESSED, now)
                .where(SH_ID.eq(id))
                .execute());
  }

  @Override
  public boolean takeDownloadSlot(String shareId, String slotId, long now, long slotTtlMicros) {
    return guard(
        () ->
            write.transactionResult(
                tx -> JdbcShares.takeSlot(tx.dsl(), shareId, slotId, now, slotTtlMicros)));
  }

  @Override
  public void finishDownload(String shareId, String slotId, boolean completed, long now) {
    guard(
        () ->
            write.transaction(tx -> JdbcShares.finish(tx.dsl(), shareId, slotId, completed, now)));
  }

  private ShareRow share(Record r) {
    return new ShareRow(
        r.get(SH_ID),
        r.get(SH_NAME),
        r.get(SH_TOKEN),
        r.get(SH_TARGET_TYPE),
        r.get(SH_ASSET),
        r.get(SH_FOLDER),
        r.get(SH_EXPIRES),
        r.get(SH_PASSWORD),
        strings(r.get(SH_RECIPIENTS)),
        r.get(SH_MAX_DOWNLOADS),
        r.get(SH_MESSAGE),
        r.get(SH_VIEWS),
        r.get(SH_DOWNLOADS),
        r.get(SH_FAILED),
        r.get(SH_LAST_ACCESSED),
        r.get(SH_EPOCH),
        r.get(SH_THROTTLE_START),
        r.get(SH_THROTTLE_FAILURES),
        r.get(SH_CREATED),
        r.get(SH_UPDATED),
        actor(r.get(SH_BY_TYPE), r.get(SH_BY_ID)));
  }

  // ---- Assets

  @Override
  public void insertAsset(AssetRow r) throws NameConflictException {
    uniqueGuard(
        () ->
            write.transaction(
                tx -> {
                  DSLContext t = tx.dsl();
                  t.insertInto(ASSETS)
                      .set(A_ID, r.id())
                      .set(A_NAME, r.name())
                      .set(A_FOLDER, r.folderId())
                      .set(A_CONTENT_TYPE, r.contentType())
                      .set(A_SIZE, r.size())
                      .set(A_SHA256, r.sha256())
                      .set(A_CRC32, r.crc32())
                      .set(A_BLOB_KEY, r.blobKey())
                      .set(A_DESCRIPTION, r.description())
                      .set(A_TAGS, json(r.tags()))
                      .set(A_METADATA, r.metadataJson())
                      .set(A_CREATED, r.created())
                      .set(A_UPDATED, r.updated())
                      .set(A_BY_TYPE, r.createdBy() == null ? null : r.createdBy().type())
                      .set(A_BY_ID, r.createdBy() == null ? null : r.createdBy().id())
                      .execute();
                  insertTags(t, r.id(), r.tags());
                }));
  }

  @Override
  public Optional<AssetRow> asset(String id) {
    return guard(
        () -> AssetRows.fetchOptional(read.select(ASSET_ROW).from(ASSETS).where(A_ID.eq(id))));
  }

  @Override
  public List<AssetRow> assets(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return guard(() -> AssetRows.fetch(read.select(ASSET_ROW).from(ASSETS).where(A_ID.in(ids))));
  }

  @Override
  public Slice<AssetRow> listAssets(ListQuery q) {
    return page(ASSET_COLUMNS, q, AssetRows::fetch);
  }

  @Override
  public boolean updateAsset(AssetRow r) throws NameConflictException {
    return uniqueGuard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  int n =
                      t.update(ASSETS)
                          .set(A_NAME, r.name())
                          .set(A_FOLDER, r.folderId())
                          .set(A_DESCRIPTION, r.description())
                          .set(A_TAGS, json(r.tags()))
                          .set(A_METADATA, r.metadataJson())
                          .set(A_UPDATED, r.updated())
                          .where(A_ID.eq(r.id()))
                          .execute();
                  if (n == 0) {
                    return false;
                  }
                  t.deleteFrom(ASSET_TAGS).where(T_ASSET.eq(r.id())).execute();
                  insertTags(t, r.id(), r.tags());
                  return true;
                }));
  }

  @Override
  public Optional<AssetRow> deleteAsset(String id) {
    return guard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  // Locked, so of two concurrent deletes only one gets the row (and its blob).
                  Optional<AssetRow> row =
                      AssetRows.fetchOptional(
                          JdbcSupport.forUpdate(
                              t, t.select(ASSET_ROW).from(ASSETS).where(A_ID.eq(id))));
                  if (row.isPresent()) {
                    t.deleteFrom(ASSET_TAGS).where(T_ASSET.eq(id)).execute();
                    t.deleteFrom(ASSETS).where(A_ID.eq(id)).execute();
                  }
                  return row;
                }));
  }

  @Override
  public boolean assetNameTaken(String folderId, String name) {
    return guard(
        () ->
            read.fetchExists(
                ASSETS,
                (folderId == null ? A_FOLDER.isNull() : A_FOLDER.eq(folderId))
                    .and(A_NAME.eq(name))));
  }

  @Override
  public Set<String> referencedBlobKeys(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    // One EXISTS probe per key: DISTINCT over an IN list walks every row sharing a key.
    var k = DSL.values(keys.stream().map(DSL::row).toArray(org.jooq.Row1[]::new)).as("k", "key");
    var key = k.field("key", String.class);
    return guard(
        () ->
            new HashSet<>(
                read.select(key)
                    .from(k)
                    .whereExists(selectOne().from(ASSETS).where(A_BLOB_KEY.eq(key)))
                    .fetch(key)));
  }

  @Override
  public void close() {
    dialect.close();
  }

  // ---- helpers

  private <T> Slice<T> list(ResourceColumns rc, ListQuery q, Function<Record, T> map) {
    return page(rc, q, query -> query.fetch(map::apply));
  }

  private <T> Slice<T> page(
      ResourceColumns rc, ListQuery q, Function<ResultQuery<Record>, List<T>> fetch) {
    return guard(
        () -> {
          List<T> rows =
              fetch.apply(
                  read.select(rc.row())
                      .from(rc.table())
                      .where(ListSql.page(rc, q))
                      .orderBy(ListSql.orderBy(rc, q))
                      .limit(q.limit() + 1));
          boolean more = rows.size() > q.limit();
          if (more) {
            rows = rows.subList(0, q.limit());
          }
          long total = q.countTotal() ? read.fetchCount(rc.table(), ListSql.where(rc, q)) : -1;
          return new Slice<>(rows, more, total);
        });
  }

  private static void insertTags(DSLContext t, String assetId, List<String> tags) {
    for (String tag : new java.util.LinkedHashSet<>(tags)) {
      t.insertInto(ASSET_TAGS).set(T_ASSET, assetId).set(T_TAG, tag).execute();
    }
  }

  private ApiKeyRow apiKey(Record r) {
    return new ApiKeyRow(
        r.get(K_ID),
        r.get(K_LABEL),
        r.get(K_PREFIX),
        r.get(K_HASH),
        strings(r.get(K_SCOPES)),
        r.get(K_EXPIRES),
        r.get(K_LAST_USED),
        r.get(K_CREATED),
        r.get(K_UPDATED),
        actor(r.get(K_BY_TYPE), r.get(K_BY_ID)));
  }

  private FolderRow folder(Record r) {
    return new FolderRow(
        r.get(F_ID),
        r.get(F_NAME),
        r.get(F_PARENT),
        r.get(F_PATH),
        r.get(F_DEPTH),
        r.get(F_DESCRIPTION),
        r.get(F_CREATED),
        r.get(F_UPDATED),
        actor(r.get(F_BY_TYPE), r.get(F_BY_ID)));
  }

  private static Actor actor(String type, String id) {
    return JdbcSupport.actor(type, id);
  }

  private static String quote(String s) {
    return json(s);
  }

  private static String json(Object o) {
    return JdbcSupport.json(o);
  }

  private static List<String> strings(String json) {
    return JdbcSupport.strings(json);
  }

  private <T> T guard(Supplier<T> body) {
    return JdbcSupport.guard(body);
  }

  private void guard(Runnable body) {
    guard(
        () -> {
          body.run();
          return null;
        });
  }

  private <T> T uniqueGuard(Supplier<T> body) throws NameConflictException {
    return JdbcSupport.unique(dialect, body);
  }

  private void uniqueGuard(Runnable body) throws NameConflictException {
    uniqueGuard(
        () -> {
          body.run();
          return null;
        });
  }
}

package dev.assetstore.db.jdbc;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Hand-declared jOOQ names of our tables (no code generation needed for five tables). */
final class Tables {
  private Tables() {}

  static final Table<Record> SETTINGS = table(name("settings"));
  static final Field<String> S_KEY = field(name("settings", "key"), SQLDataType.VARCHAR);
  static final Field<String> S_VALUE = field(name("settings", "value"), SQLDataType.VARCHAR);

  static final Table<Record> API_KEYS = table(name("api_keys"));
  static final Field<String> K_ID = field(name("api_keys", "id"), SQLDataType.VARCHAR);
  static final Field<String> K_LABEL = field(name("api_keys", "label"), SQLDataType.VARCHAR);
  static final Field<String> K_PREFIX = field(name("api_keys", "prefix"), SQLDataType.VARCHAR);
  static final Field<String> K_HASH = field(name("api_keys", "key_hash"), SQLDataType.VARCHAR);
  static final Field<String> K_SCOPES = field(name("api_keys", "scopes"), SQLDataType.VARCHAR);
  static final Field<Long> K_EXPIRES = field(name("api_keys", "expires"), SQLDataType.BIGINT);
  static final Field<Long> K_LAST_USED = field(name("api_keys", "last_used"), SQLDataType.BIGINT);
  static final Field<Long> K_CREATED = field(name("api_keys", "created"), SQLDataType.BIGINT);
  static final Field<Long> K_UPDATED = field(name("api_keys", "updated"), SQLDataType.BIGINT);
  static final Field<String> K_BY_TYPE =
      field(name("api_keys", "created_by_type"), SQLDataType.VARCHAR);
  static final Field<String> K_BY_ID =
      field(name("api_keys", "created_by_id"), SQLDataType.VARCHAR);

  /**
   * The columns a row is read with. Selecting these instead of {@code selectFrom(table)} gives
   * records whose fields are these very objects, so {@code r.get(K_ID)} is an identity hit rather
   * than a name comparison per column, and jOOQ needs no JDBC metadata to type them.
   */
  static final Field<?>[] API_KEY_ROW = {
    K_ID,
    K_LABEL,
    K_PREFIX,
    K_HASH,
    K_SCOPES,
    K_EXPIRES,
    K_LAST_USED,
    K_CREATED,
    K_UPDATED,
    K_BY_TYPE,
    K_BY_ID
  };

  static final Table<Record> FOLDERS = table(name("folders"));
  static final Field<String> F_ID = field(name("folders", "id"), SQLDataType.VARCHAR);
  static final Field<String> F_NAME = field(name("folders", "name"), SQLDataType.VARCHAR);
  static final Field<String> F_PARENT = field(name("folders", "parent_id"), SQLDataType.VARCHAR);
  static final Field<String> F_PATH = field(name("folders", "path"), SQLDataType.VARCHAR);
  static final Field<Integer> F_DEPTH = field(name("folders", "depth"), SQLDataType.INTEGER);
  static final Field<String> F_DESCRIPTION =
      field(name("folders", "description"), SQLDataType.VARCHAR);
  static final Field<Long> F_CREATED = field(name("folders", "created"), SQLDataType.BIGINT);
  static final Field<Long> F_UPDATED = field(name("folders", "updated"), SQLDataType.BIGINT);
  static final Field<String> F_BY_TYPE =
      field(name("folders", "created_by_type"), SQLDataType.VARCHAR);
  static final Field<String> F_BY_ID = field(name("folders", "created_by_id"), SQLDataType.VARCHAR);

  static final Field<?>[] FOLDER_ROW = {
    F_ID, F_NAME, F_PARENT, F_PATH, F_DEPTH, F_DESCRIPTION, F_CREATED, F_UPDATED, F_BY_TYPE, F_BY_ID
  };

  static final Table<Record> ASSETS = table(name("assets"));
  static final Field<String> A_ID = field(name("assets", "id"), SQLDataType.VARCHAR);
  static final Field<String> A_NAME = field(name("assets", "name"), SQLDataType.VARCHAR);
  static final Field<String> A_FOLDER = field(name("assets", "folder_id"), SQLDataType.VARCHAR);
  static final Field<String> A_CONTENT_TYPE =
      field(name("assets", "content_type"), SQLDataType.VARCHAR);
  static final Field<Long> A_SIZE = field(name("assets", "size"), SQLDataType.BIGINT);
  static final Field<String> A_SHA256 = field(name("assets", "sha256"), SQLDataType.VARCHAR);
  static final Field<Long> A_CRC32 = field(name("assets", "crc32"), SQLDataType.BIGINT);
  static final Field<String> A_BLOB_KEY = field(name("assets", "blob_key"), SQLDataType.VARCHAR);
  static final Field<String> A_DESCRIPTION =
      field(name("assets", "description"), SQLDataType.VARCHAR);
  static final Field<String> A_TAGS = field(name("assets", "tags"), SQLDataType.VARCHAR);
  static final Field<String> A_METADATA = field(name("assets", "metadata"), SQLDataType.VARCHAR);
  static final Field<Long> A_CREATED = field(name("assets", "created"), SQLDataType.BIGINT);
  static final Field<Long> A_UPDATED = field(name("assets", "updated"), SQLDataType.BIGINT);
  static final Field<String> A_BY_TYPE =
      field(name("assets", "created_by_type"), SQLDataType.VARCHAR);
  static final Field<String> A_BY_ID = field(name("assets", "created_by_id"), SQLDataType.VARCHAR);

  static final Field<?>[] ASSET_ROW = {
    A_ID,
    A_NAME,
    A_FOLDER,
    A_CONTENT_TYPE,
    A_SIZE,
    A_SHA256,
    A_CRC32,
    A_BLOB_KEY,
    A_DESCRIPTION,
    A_TAGS,
    A_METADATA,
    A_CREATED,
    A_UPDATED,
    A_BY_TYPE,
    A_BY_ID
  };

  static final Table<Record> ASSET_TAGS = table(name("asset_tags"));
  static final Field<String> T_ASSET = field(name("asset_tags", "asset_id"), SQLDataType.VARCHAR);
  static final Field<String> T_TAG = field(name("asset_tags", "tag"), SQLDataType.VARCHAR);

  static final Table<Record> SHARES = table(name("shares"));
  static final Field<String> SH_ID = field(name("shares", "id"), SQLDataType.VARCHAR);
  static final Field<String> SH_NAME = field(name("shares", "name"), SQLDataType.VARCHAR);
  static final Field<String> SH_TOKEN = field(name("shares", "token"), SQLDataType.VARCHAR);
  static final Field<String> SH_TARGET_TYPE =
      field(name("shares", "target_type"), SQLDataType.VARCHAR);
  static final Field<String> SH_ASSET = field(name("shares", "asset_id"), SQLDataType.VARCHAR);
  static final Field<String> SH_FOLDER = field(name("shares", "folder_id"), SQLDataType.VARCHAR);
  static final Field<Long> SH_EXPIRES = field(name("shares", "expires"), SQLDataType.BIGINT);
  static final Field<String> SH_PASSWORD =
      field(name("shares", "password_hash"), SQLDataType.VARCHAR);
  static final Field<String> SH_RECIPIENTS =
      field(name("shares", "recipients"), SQLDataType.VARCHAR);
  static final Field<Integer> SH_MAX_DOWNLOADS =
      field(name("shares", "max_downloads"), SQLDataType.INTEGER);
  static final Field<String> SH_MESSAGE = field(name("shares", "message"), SQLDataType.VARCHAR);
  static final Field<Long> SH_VIEWS = field(name("shares", "views"), SQLDataType.BIGINT);
  static final Field<Long> SH_DOWNLOADS = field(name("shares", "downloads"), SQLDataType.BIGINT);
  static final Field<Long> SH_FAILED = field(name("shares", "failed_attempts"), SQLDataType.BIGINT);
  static final Field<Long> SH_LAST_ACCESSED =
      field(name("shares", "last_accessed"), SQLDataType.BIGINT);
  static final Field<Integer> SH_EPOCH = field(name("shares", "epoch"), SQLDataType.INTEGER);
  static final Field<Long> SH_THROTTLE_START =
      field(name("shares", "throttle_start"), SQLDataType.BIGINT);
  static final Field<Integer> SH_THROTTLE_FAILURES =
      field(name("shares", "throttle_failures"), SQLDataType.INTEGER);
  static final Field<Long> SH_CREATED = field(name("shares", "created"), SQLDataType.BIGINT);
  static final Field<Long> SH_UPDATED = field(name("shares", "updated"), SQLDataType.BIGINT);
  static final Field<String> SH_BY_TYPE =
      field(name("shares", "created_by_type"), SQLDataType.VARCHAR);
  static final Field<String> SH_BY_ID = field(name("shares", "created_by_id"), SQLDataType.VARCHAR);

  static final Field<?>[] SHARE_ROW = {
    SH_ID,
    SH_NAME,
    SH_TOKEN,
    SH_TARGET_TYPE,
    SH_ASSET,
    SH_FOLDER,
    SH_EXPIRES,
    SH_PASSWORD,
    SH_RECIPIENTS,
    SH_MAX_DOWNLOADS,
    SH_MESSAGE,
    SH_VIEWS,
    SH_DOWNLOADS,
    SH_FAILED,
    SH_LAST_ACCESSED,
    SH_EPOCH,
    SH_THROTTLE_START,
    SH_THROTTLE_FAILURES,
    SH_CREATED,
    SH_UPDATED,
    SH_BY_TYPE,
    SH_BY_ID
  };

  static final Table<Record> SLOTS = table(name("share_download_slots"));
  static final Field<String> SL_ID = field(name("share_download_slots", "id"), SQLDataType.VARCHAR);
  static final Field<String> SL_SHARE =
      field(name("share_download_slots", "share_id"), SQLDataType.VARCHAR);
  static final Field<Long> SL_STARTED =
      field(name("share_download_slots", "started"), SQLDataType.BIGINT);
}

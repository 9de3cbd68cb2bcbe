package dev.assetstore.db.jdbc;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Hand-declared jOOQ names of the uploads table (V4__resumable_uploads.sql). */
final class UploadTables {
  private UploadTables() {}

  static final Table<Record> UPLOADS = table(name("uploads"));
  static final Field<String> UP_ID = field(name("uploads", "id"), SQLDataType.VARCHAR);
  static final Field<String> UP_OWNER_TYPE =
      field(name("uploads", "owner_type"), SQLDataType.VARCHAR);
  static final Field<String> UP_OWNER_ID = field(name("uploads", "owner_id"), SQLDataType.VARCHAR);
  static final Field<Long> UP_LENGTH = field(name("uploads", "length"), SQLDataType.BIGINT);
  static final Field<Long> UP_OFFSET = field(name("uploads", "upload_offset"), SQLDataType.BIGINT);
  static final Field<String> UP_METADATA = field(name("uploads", "metadata"), SQLDataType.VARCHAR);
  static final Field<String> UP_BLOB_KEY = field(name("uploads", "blob_key"), SQLDataType.VARCHAR);
  static final Field<String> UP_BACKEND =
      field(name("uploads", "backend_state"), SQLDataType.VARCHAR);
  static final Field<byte[]> UP_SHA = field(name("uploads", "sha_state"), SQLDataType.VARBINARY);
  static final Field<Long> UP_CRC = field(name("uploads", "crc32"), SQLDataType.BIGINT);
  static final Field<byte[]> UP_HEAD = field(name("uploads", "head"), SQLDataType.VARBINARY);
  static final Field<Long> UP_CREATED = field(name("uploads", "created"), SQLDataType.BIGINT);
  static final Field<Long> UP_EXPIRES = field(name("uploads", "expires"), SQLDataType.BIGINT);
  static final Field<String> UP_ASSET = field(name("uploads", "asset_id"), SQLDataType.VARCHAR);
  static final Field<Boolean> UP_EXPIRED = field(name("uploads", "expired"), SQLDataType.BOOLEAN);
  static final Field<String> UP_HOLDER =
      field(name("uploads", "lease_holder"), SQLDataType.VARCHAR);
  static final Field<Long> UP_UNTIL = field(name("uploads", "lease_until"), SQLDataType.BIGINT);
  static final Field<Boolean> UP_RELEASE =
      field(name("uploads", "release_requested"), SQLDataType.BOOLEAN);

  static final Field<?>[] UPLOAD_ROW = {
    UP_ID,
    UP_OWNER_TYPE,
    UP_OWNER_ID,
    UP_LENGTH,
    UP_OFFSET,
    UP_METADATA,
    UP_BLOB_KEY,
    UP_BACKEND,
    UP_SHA,
    UP_CRC,
    UP_HEAD,
    UP_CREATED,
    UP_EXPIRES,
    UP_ASSET,
    UP_EXPIRED
  };
}

package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static dev.assetstore.db.jdbc.UploadTables.*;

import dev.assetstore.db.Actor;
import dev.assetstore.db.UploadRow;
import dev.assetstore.db.UploadStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The JDBC side of {@link UploadStore}. The lease is a compare-and-set on the row itself. */
final class JdbcUploads implements UploadStore {
  private final DSLContext read;
  private final DSLContext write;

  JdbcUploads(DSLContext read, DSLContext write) {
    this.read = read;
    this.write = write;
  }

  @Override
  public void insertUpload(UploadRow r) {
    guard(
        () ->
            write
                .insertInto(UPLOADS)
                .set(UP_ID, r.id())
                .set(UP_OWNER_TYPE, r.owner().type())
                .set(UP_OWNER_ID, r.owner().id())
                .set(UP_LENGTH, r.length())
                .set(UP_OFFSET, r.offset())
                .set(UP_METADATA, r.metadataJson())
                .set(UP_BLOB_KEY, r.blobKey())
                .set(UP_BACKEND, r.backendState())
                .set(UP_SHA, r.shaState())
                .set(UP_CRC, r.crc32())
                .set(UP_HEAD, r.head())
                .set(UP_CREATED, r.created())
                .set(UP_EXPIRES, r.expires())
                .set(UP_ASSET, r.assetId())
                .set(UP_EXPIRED, r.expired())
                .execute());
  }

  @Override
  public Optional<UploadRow> upload(String id) {
    // From the writing pool: a resume on this node must see the checkpoint just written.
    return guard(
        () ->
            write
                .select(UPLOAD_ROW)
                .from(UPLOADS)
                .where(UP_ID.eq(id))
                .fetchOptional(JdbcUploads::row));
  }

  @Override
  public boolean tryLease(String id, String holder, long now, long until) {
    return guard(
        () ->
            write
                    .update(UPLOADS)
                    .set(UP_HOLDER, holder)
                    .set(UP_UNTIL, until)
                    .set(UP_RELEASE, false)
                    .where(UP_ID.eq(id))
                    .and(UP_HOLDER.isNull().or(UP_UNTIL.lt(now)).or(UP_HOLDER.eq(holder)))
                    .execute()
                == 1);
  }

  @Override
  public void requestRelease(String id) {
    guard(
        () ->
            write
                .update(UPLOADS)
                .set(UP_RELEASE, true)
                .where(UP_ID.eq(id))
                .and(UP_HOLDER.isNotNull())
                .execute());
  }

  @Override
  public Lease renew(String id, String holder, long until) {
    return guard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  Record r =
                      t.select(UP_HOLDER, UP_RELEASE).from(UPLOADS).where(UP_ID.eq(id)).fetchOne();
                  if (r == null || !holder.equals(r.get(UP_HOLDER))) {
                    return Lease.LOST;
                  }
                  t.update(UPLOADS)
                      .set(UP_UNTIL, until)
                      .where(UP_ID.eq(id))
                      .and(UP_HOLDER.eq(holder))
                      .execute();
                  return Boolean.TRUE.equals(r.get(UP_RELEASE))
                      ? Lease.RELEASE_REQUESTED
                      : Lease.HELD;
                }));
  }

  @Override
  public boolean saveProgress(String id, String holder, UploadRow.Progress p) {
    return guard(
        () ->
            write
                    .update(UPLOADS)
                    .set(UP_OFFSET, p.offset())
                    .set(UP_BACKEND, p.backendState())
                    .set(UP_SHA, p.shaState())
                    .set(UP_CRC, p.crc32())
                    .set(UP_HEAD, p.head())
                    .set(UP_EXPIRES, p.expires())
                    .where(UP_ID.eq(id))
                    .and(UP_HOLDER.eq(holder))
                    .execute()
                == 1);
  }

  @Override
  public void release(String id, String holder) {
    guard(
        () ->
            write
                .update(UPLOADS)
                .setNull(UP_HOLDER)
                .set(UP_UNTIL, 0L)
                .set(UP_RELEASE, false)
                .where(UP_ID.eq(id))
                .and(UP_HOLDER.eq(holder))
                .execute());
  }

  @Override
  public void completeUpload(String id, String assetId, long expires) {
    guard(
        () ->
            write
                .update(UPLOADS)
                .set(UP_ASSET, assetId)
                .set(UP_EXPIRES, expires)
                .setNull(UP_BACKEND)
                .setNull(UP_HOLDER)
                .set(UP_UNTIL, 0L)
                .set(UP_RELEASE, false)
                .where(UP_ID.eq(id))
                .execute());
  }

  @Override
  public void markExpired(String id) {
    guard(
        () ->
            write
                .update(UPLOADS)
                .set(UP_EXPIRED, true)
                .setNull(UP_BACKEND)
                .setNull(UP_HOLDER)
                .where(UP_ID.eq(id))
                .execute());
  }

  @Override
  public boolean deleteUpload(String id) {
    return guard(() -> write.deleteFrom(UPLOADS).where(UP_ID.eq(id)).execute() == 1);
  }

  @Override
  public List<UploadRow> expiredUploads(long now, int limit) {
    return guard(
        () ->
            read.select(UPLOAD_ROW)
                .from(UPLOADS)
                .where(UP_EXPIRES.lt(now))
                .and(UP_EXPIRED.isFalse())
                .orderBy(UP_EXPIRES)
                .limit(limit)
                .fetch(JdbcUploads::row));
  }

  @Override
  public int forgetExpired(long before) {
    return guard(
        () ->
            write
                .deleteFrom(UPLOADS)
                .where(UP_EXPIRED.isTrue())
                .and(UP_EXPIRES.lt(before))
                .execute());
  }

  @Override
  public Set<String> uploadBlobKeys(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return guard(
        () ->
            new HashSet<>(
                read.selectDistinct(UP_BLOB_KEY)
                    .from(UPLOADS)
                    .where(UP_BLOB_KEY.in(keys))
                    .and(UP_EXPIRED.isFalse())
                    .and(UP_ASSET.isNull())
                    .fetch(UP_BLOB_KEY)));
  }

  private static UploadRow row(Record r) {
    return new UploadRow(
        r.get(UP_ID),
        new Actor(r.get(UP_OWNER_TYPE), r.get(UP_OWNER_ID)),
        r.get(UP_LENGTH),
        r.get(UP_OFFSET),
        r.get(UP_METADATA),
        r.get(UP_BLOB_KEY),
        r.get(UP_BACKEND),
        r.get(UP_SHA),
        r.get(UP_CRC),
        r.get(UP_HEAD),
        r.get(UP_CREATED),
        r.get(UP_EXPIRES),
        r.get(UP_ASSET),
        Boolean.TRUE.equals(r.get(UP_EXPIRED)));
  }
}

package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static dev.assetstore.db.jdbc.Tables.*;

import dev.assetstore.db.ListQuery;
import dev.assetstore.db.ShareRow;
import dev.assetstore.db.ShareStore.Guess;
import dev.assetstore.db.Slice;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The share half of {@link JdbcMetadataStore}: share rows, their counters, guess throttling and
 * download slots (the SQL of the last three is in {@link JdbcShares}).
 */
final class JdbcShareStore {
  private final DSLContext read;
  private final DSLContext write;

  JdbcShareStore(DSLContext read, DSLContext write) {
    this.read = read;
    this.write = write;
  }

  void insert(ShareRow row) {
    guard(
        () -> {
          JdbcShares.insert(write, row, JdbcSupport::json);
          return null;
        });
  }

  Optional<ShareRow> byId(String id) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_ID.eq(id))
                .fetchOptional(JdbcShareStore::row));
  }

  Optional<ShareRow> byToken(String token) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_TOKEN.eq(token))
                .fetchOptional(JdbcShareStore::row));
  }

  Slice<ShareRow> list(ListQuery q) {
    return ListSql.fetchList(read, JdbcShares.COLUMNS, q, JdbcShareStore::row);
  }

  List<ShareRow> ofAsset(String assetId) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_ASSET.eq(assetId))
                .orderBy(SH_CREATED.desc(), SH_ID.desc())
                .fetch(JdbcShareStore::row));
  }

  List<ShareRow> ofFolder(String folderId) {
    return guard(
        () ->
            read.select(SHARE_ROW)
                .from(SHARES)
                .where(SH_FOLDER.eq(folderId))
                .orderBy(SH_CREATED.desc(), SH_ID.desc())
                .fetch(JdbcShareStore::row));
  }

  boolean update(ShareRow row) {
    return guard(() -> JdbcShares.update(write, row, JdbcSupport::json));
  }

  boolean delete(String id) {
    return guard(() -> write.deleteFrom(SHARES).where(SH_ID.eq(id)).execute() > 0);
  }

  Optional<Guess> reserveGuess(String id, long now, long windowMicros, int maxGuesses) {
    return guard(
        () ->
            write.transactionResult(
                tx ->
                    JdbcShares.reserveGuess(
                        tx.dsl(), id, now, windowMicros, maxGuesses, JdbcShareStore::row)));
  }

  void releaseGuess(String id, long windowStart) {
    guard(
        () -> {
          JdbcShares.releaseGuess(write, id, windowStart);
          return null;
        });
  }

  void recordFailure(String id) {
    guard(
        () -> write.update(SHARES).set(SH_FAILED, SH_FAILED.plus(1)).where(SH_ID.eq(id)).execute());
  }

  void recordView(String id, long now) {
    guard(
        () ->
            write
                .update(SHARES)
                .set(SH_VIEWS, SH_VIEWS.plus(1))
                .set(SH_LAST_ACCESSED, now)
                .where(SH_ID.eq(id))
                .execute());
  }

  boolean takeDownloadSlot(String shareId, String slotId, long now, long slotTtlMicros) {
    return guard(
        () ->
            write.transactionResult(
                tx -> JdbcShares.takeSlot(tx.dsl(), shareId, slotId, now, slotTtlMicros)));
  }

  void finishDownload(String shareId, String slotId, boolean completed, long now) {
    guard(
        () -> {
          write.transaction(tx -> JdbcShares.finish(tx.dsl(), shareId, slotId, completed, now));
          return null;
        });
  }

  private static ShareRow row(Record r) {
    return new ShareRow(
        r.get(SH_ID),
        r.get(SH_NAME),
        r.get(SH_TOKEN),
        r.get(SH_TARGET_TYPE),
        r.get(SH_ASSET),
        r.get(SH_FOLDER),
        r.get(SH_EXPIRES),
        r.get(SH_PASSWORD),
        JdbcSupport.strings(r.get(SH_RECIPIENTS)),
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
        JdbcSupport.actor(r.get(SH_BY_TYPE), r.get(SH_BY_ID)));
  }
}

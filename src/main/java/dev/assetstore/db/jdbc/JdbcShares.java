package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.Tables.*;
import static org.jooq.impl.DSL.val;

import dev.assetstore.db.ShareRow;
import dev.assetstore.db.ShareStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Share SQL: the list columns, the counters and the download slots. */
final class JdbcShares {
  private JdbcShares() {}

  /** A share is active while it has not expired and its downloads are not used up. */
  static Condition active(long now) {
    return SH_EXPIRES
        .isNull()
        .or(SH_EXPIRES.gt(now))
        .and(SH_MAX_DOWNLOADS.isNull().or(SH_DOWNLOADS.lt(SH_MAX_DOWNLOADS.cast(Long.class))));
  }

  static final ResourceColumns COLUMNS =
      new ResourceColumns(
          SHARES,
          SHARE_ROW,
          SH_ID,
          Map.of(
              "name", SH_NAME,
              "target_type", SH_TARGET_TYPE,
              "asset", SH_ASSET,
              "folder", SH_FOLDER,
              "expires", SH_EXPIRES,
              "created", SH_CREATED,
              "updated", SH_UPDATED,
              "created_by", SH_BY_ID),
          Map.<String, Function<Object, Condition>>of(
              "active",
              v -> {
                Condition c = active(dev.assetstore.db.jdbc.JdbcShares.now());
                return Boolean.TRUE.equals(v) ? c : DSL.not(c);
              }),
          List.of(SH_NAME, SH_MESSAGE));

  static long now() {
    java.time.Instant i = java.time.Instant.now();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  static void insert(DSLContext t, ShareRow r, Function<Object, String> json) {
    t.insertInto(SHARES)
        .set(SH_ID, r.id())
        .set(SH_NAME, r.name())
        .set(SH_TOKEN, r.token())
        .set(SH_TARGET_TYPE, r.targetType())
        .set(SH_ASSET, r.assetId())
        .set(SH_FOLDER, r.folderId())
        .set(SH_EXPIRES, r.expires())
        .set(SH_PASSWORD, r.passwordHash())
        .set(SH_RECIPIENTS, json.apply(r.recipients()))
        .set(SH_MAX_DOWNLOADS, r.maxDownloads())
        .set(SH_MESSAGE, r.message())
        .set(SH_EPOCH, r.epoch())
        .set(SH_CREATED, r.created())
        .set(SH_UPDATED, r.updated())
        .set(SH_BY_TYPE, r.createdBy() == null ? null : r.createdBy().type())
        .set(SH_BY_ID, r.createdBy() == null ? null : r.createdBy().id())
        .execute();
  }

  static boolean update(DSLContext t, ShareRow r, Function<Object, String> json) {
    return t.update(SHARES)
            .set(SH_NAME, r.name())
            .set(SH_EXPIRES, r.expires())
            .set(SH_PASSWORD, r.passwordHash())
            .set(SH_RECIPIENTS, json.apply(r.recipients()))
            .set(SH_MAX_DOWNLOADS, r.maxDownloads())
            .set(SH_MESSAGE, r.message())
            .set(SH_EPOCH, r.epoch())
            .set(SH_UPDATED, r.updated())
            .where(SH_ID.eq(r.id()))
            .execute()
        > 0;
  }

  static Optional<ShareStore.Guess> reserveGuess(
      DSLContext t, String id, long now, long window, int max, Function<Record, ShareRow> map) {
    Optional<ShareRow> row =
        JdbcSupport.forUpdate(t, t.select(SHARE_ROW).from(SHARES).where(SH_ID.eq(id)))
            .fetchOptional(map::apply);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    ShareRow r = row.get();
    boolean fresh = r.throttleStart() == null || now - r.throttleStart() >= window;
    if (!fresh && r.throttleFailures() >= max) {
      return Optional.of(new ShareStore.Guess(r, false));
    }
    var update = t.update(SHARES);
    (fresh
            ? update.set(SH_THROTTLE_START, now).set(SH_THROTTLE_FAILURES, 1)
            : update.set(SH_THROTTLE_FAILURES, SH_THROTTLE_FAILURES.plus(1)))
        .where(SH_ID.eq(id))
        .execute();
    return t.select(SHARE_ROW)
        .from(SHARES)
        .where(SH_ID.eq(id))
        .fetchOptional(map::apply)
        .map(after -> new ShareStore.Guess(after, true));
  }

  static void releaseGuess(DSLContext t, String id, long windowStart) {
    t.update(SHARES)
        .set(SH_THROTTLE_FAILURES, SH_THROTTLE_FAILURES.minus(1))
        .where(SH_ID.eq(id))
        .and(SH_THROTTLE_START.eq(windowStart))
        .and(SH_THROTTLE_FAILURES.gt(0))
        .execute();
  }

  /**
   * The share row is locked first: takers on every node queue on it, so completed downloads plus
   * live slots never pass {@code max_downloads}. {@link #finish} changes the same row, so a
   * download that completes meanwhile is counted either as its slot or as a download, never twice
   * and never not at all.
   */
  static boolean takeSlot(DSLContext t, String shareId, String slotId, long now, long ttl) {
    Record r =
        JdbcSupport.forUpdate(
                t, t.select(SH_MAX_DOWNLOADS, SH_DOWNLOADS).from(SHARES).where(SH_ID.eq(shareId)))
            .fetchOne();
    if (r == null) {
      return false;
    }
    Integer max = r.get(SH_MAX_DOWNLOADS);
    if (max != null) {
      t.deleteFrom(SLOTS).where(SL_SHARE.eq(shareId)).and(SL_STARTED.lt(now - ttl)).execute();
      int live = t.fetchCount(SLOTS, SL_SHARE.eq(shareId));
      if (r.get(SH_DOWNLOADS) + live >= max) {
        return false;
      }
    }
    t.insertInto(SLOTS).set(SL_ID, slotId).set(SL_SHARE, shareId).set(SL_STARTED, now).execute();
    return true;
  }

  static void finish(DSLContext t, String shareId, String slotId, boolean completed, long now) {
    if (completed) {
      // The share row before the slot, in the order takeSlot locks them: no deadlock between them.
      JdbcSupport.forUpdate(t, t.select(SH_ID).from(SHARES).where(SH_ID.eq(shareId))).fetch();
    }
    int held = slotId == null ? 1 : t.deleteFrom(SLOTS).where(SL_ID.eq(slotId)).execute();
    if (completed && held > 0) {
      t.update(SHARES)
          .set(SH_DOWNLOADS, SH_DOWNLOADS.plus(1))
          .set(SH_LAST_ACCESSED, val(now))
          .where(SH_ID.eq(shareId))
          .execute();
    }
  }
}

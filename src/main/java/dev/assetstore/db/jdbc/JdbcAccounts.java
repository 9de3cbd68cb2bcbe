package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.AccountTables.*;
import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static dev.assetstore.db.jdbc.JdbcSupport.json;
import static dev.assetstore.db.jdbc.JdbcSupport.strings;
import static dev.assetstore.db.jdbc.JdbcSupport.withIds;

import dev.assetstore.db.AccountStore;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.RefreshTokenRow;
import dev.assetstore.db.Slice;
import dev.assetstore.db.UserRow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** The JDBC side of {@link AccountStore}: users, refresh tokens, login failures. */
final class JdbcAccounts implements AccountStore {

  static final ResourceColumns COLUMNS =
      new ResourceColumns(
          USERS,
          USER_ROW,
          U_ID,
          Map.of(
              "username", U_USERNAME,
              "email", U_EMAIL,
              "disabled", U_DISABLED,
              "created", U_CREATED,
              "updated", U_UPDATED,
              "created_by", U_BY_ID),
          Map.<String, Function<Object, Condition>>of(
              "scopes", scope -> DSL.position(U_SCOPES, DSL.val(json((String) scope))).gt(0)),
          List.of(U_USERNAME, U_EMAIL));

  private final SqlDialect dialect;
  private final DSLContext read;
  private final DSLContext write;

  /** Users by id for {@link #users}: the creators of list pages (see {@link RowCache}). */
  private final RowCache<UserRow> users;

  JdbcAccounts(SqlDialect dialect, DSLContext read, DSLContext write) {
    this.dialect = dialect;
    this.read = read;
    this.write = write;
    this.users = new RowCache<>(dialect.embedded(), UserRow::id);
  }

  // ---- users

  @Override
  public void insertUser(UserRow r) throws NameConflictException {
    unique(
        () ->
            write
                .insertInto(USERS)
                .set(U_ID, r.id())
                .set(U_USERNAME, r.username())
                .set(U_KEY, r.usernameKey())
                .set(U_EMAIL, r.email())
                .set(U_HASH, r.passwordHash())
                .set(U_SCOPES, json(r.scopes()))
                .set(U_DISABLED, r.disabled())
                .set(U_CREATED, r.created())
                .set(U_UPDATED, r.updated())
                .set(U_BY_TYPE, r.createdBy() == null ? null : r.createdBy().type())
                .set(U_BY_ID, r.createdBy() == null ? null : r.createdBy().id())
                .execute());
  }

  @Override
  public Optional<UserRow> user(String id) {
    return guard(
        () ->
            read.select(USER_ROW).from(USERS).where(U_ID.eq(id)).fetchOptional(JdbcAccounts::user));
  }

  @Override
  public Optional<UserRow> userByKey(String key) {
    return guard(
        () ->
            read.select(USER_ROW)
                .from(USERS)
                .where(U_KEY.eq(key))
                .fetchOptional(JdbcAccounts::user));
  }

  @Override
  public List<UserRow> users(Collection<String> ids) {
    return users.get(
        ids, missing -> withIds(read, USERS, USER_ROW, U_ID, missing, JdbcAccounts::user));
  }

  @Override
  public Slice<UserRow> listUsers(ListQuery q) {
    return guard(
        () -> {
          List<UserRow> rows =
              read.select(USER_ROW)
                  .from(USERS)
                  .where(ListSql.page(COLUMNS, q))
                  .orderBy(ListSql.orderBy(COLUMNS, q))
                  .limit(q.limit() + 1)
                  .fetch(JdbcAccounts::user);
          boolean more = rows.size() > q.limit();
          if (more) {
            rows = rows.subList(0, q.limit());
          }
          long total = q.countTotal() ? read.fetchCount(USERS, ListSql.where(COLUMNS, q)) : -1;
          return new Slice<>(rows, more, total);
        });
  }

  @Override
  public boolean updateUser(UserRow r) throws NameConflictException {
    try {
      return update(r);
    } finally {
      users.forget(r.id());
    }
  }

  private boolean update(UserRow r) throws NameConflictException {
    return unique(
        () ->
            write
                    .update(USERS)
                    .set(U_USERNAME, r.username())
                    .set(U_KEY, r.usernameKey())
                    .set(U_EMAIL, r.email())
                    .set(U_HASH, r.passwordHash())
                    .set(U_SCOPES, json(r.scopes()))
                    .set(U_DISABLED, r.disabled())
                    .set(U_UPDATED, r.updated())
                    .where(U_ID.eq(r.id()))
                    .execute()
                > 0);
  }

  @Override
  public boolean deleteUser(String id) {
    try {
      return delete(id);
    } finally {
      users.forget(id);
    }
  }

  private boolean delete(String id) {
    return guard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  t.deleteFrom(REFRESH).where(R_USER.eq(id)).execute();
                  return t.deleteFrom(USERS).where(U_ID.eq(id)).execute() > 0;
                }));
  }

  // ---- refresh tokens

  @Override
  public void insertRefreshToken(RefreshTokenRow r) {
    guard(() -> insert(write, r));
  }

  private static int insert(DSLContext t, RefreshTokenRow r) {
    return t.insertInto(REFRESH)
        .set(R_HASH, r.tokenHash())
        .set(R_FAMILY, r.familyId())
        .set(R_USER, r.userId())
        .set(R_SCOPES, json(r.scopes()))
        .set(R_EXPIRES, r.expires())
        .set(R_USED, r.used())
        .set(R_REVOKED, r.revoked())
        .set(R_CREATED, r.created())
        .execute();
  }

  @Override
  public Optional<RefreshTokenRow> refreshToken(String tokenHash) {
    return guard(
        () ->
            read.selectFrom(REFRESH)
                .where(R_HASH.eq(tokenHash))
                .fetchOptional(JdbcAccounts::refresh));
  }

  @Override
  public Rotation rotateRefreshToken(String oldHash, RefreshTokenRow next, long now) {
    return guard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  // Locked: of two nodes presenting the same token at once, the second waits,
                  // then sees it used and revokes the family (reuse detection stays atomic).
                  Optional<RefreshTokenRow> old =
                      JdbcSupport.forUpdate(t, t.selectFrom(REFRESH).where(R_HASH.eq(oldHash)))
                          .fetchOptional(JdbcAccounts::refresh);
                  if (old.isEmpty()) {
                    return Rotation.UNKNOWN;
                  }
                  RefreshTokenRow o = old.get();
                  if (o.used() || o.revoked()) {
                    t.update(REFRESH)
                        .set(R_REVOKED, true)
                        .where(R_FAMILY.eq(o.familyId()))
                        .execute();
                    return Rotation.REUSED;
                  }
                  if (o.expires() <= now) {
                    return Rotation.EXPIRED;
                  }
                  t.update(REFRESH).set(R_USED, true).where(R_HASH.eq(oldHash)).execute();
                  insert(t, next);
                  return Rotation.ROTATED;
                }));
  }

  @Override
  public void revokeRefreshFamily(String familyId) {
    guard(() -> write.update(REFRESH).set(R_REVOKED, true).where(R_FAMILY.eq(familyId)).execute());
  }

  @Override
  public void revokeUserRefreshTokens(String userId) {
    guard(() -> write.update(REFRESH).set(R_REVOKED, true).where(R_USER.eq(userId)).execute());
  }

  // ---- login failures

  @Override
  public LoginAttempt reserveLoginAttempt(String key, long at, long since, int max) {
    LoginAttempt attempt =
        guard(
            () ->
                write.transactionResult(
                    tx -> {
                      DSLContext t = tx.dsl();
                      dialect.serialize(t, "login:" + key);
                      List<Long> failures =
                          t.select(L_AT)
                              .from(FAILURES)
                              .where(L_KEY.eq(key))
                              .and(L_AT.ge(since))
                              .orderBy(L_AT.asc())
                              .fetch(L_AT);
                      if (failures.size() >= max) {
                        return new LoginAttempt(false, failures);
                      }
                      t.insertInto(FAILURES).set(L_KEY, key).set(L_AT, at).execute();
                      return new LoginAttempt(true, failures);
                    }));
    // Outside the serialised step: pruning touches every name's rows, not just this one's.
    guard(() -> write.deleteFrom(FAILURES).where(L_AT.lt(since)).execute());
    return attempt;
  }

  @Override
  public void clearLoginFailures(String key) {
    guard(() -> write.deleteFrom(FAILURES).where(L_KEY.eq(key)).execute());
  }

  // ---- mapping

  private static UserRow user(Record r) {
    return new UserRow(
        r.get(U_ID),
        r.get(U_USERNAME),
        r.get(U_KEY),
        r.get(U_EMAIL),
        r.get(U_HASH),
        strings(r.get(U_SCOPES)),
        Boolean.TRUE.equals(r.get(U_DISABLED)),
        r.get(U_CREATED),
        r.get(U_UPDATED),
        JdbcSupport.actor(r.get(U_BY_TYPE), r.get(U_BY_ID)));
  }

  private static RefreshTokenRow refresh(Record r) {
    return new RefreshTokenRow(
        r.get(R_HASH),
        r.get(R_FAMILY),
        r.get(R_USER),
        strings(r.get(R_SCOPES)),
        r.get(R_EXPIRES),
        Boolean.TRUE.equals(r.get(R_USED)),
        Boolean.TRUE.equals(r.get(R_REVOKED)),
        r.get(R_CREATED));
  }

  private <T> T unique(Supplier<T> body) throws NameConflictException {
    return JdbcSupport.unique(dialect, body);
  }
}

package dev.assetstore.db;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Users, refresh-token families and login failures. Every method is one atomic unit and blocks:
 * call it off the event loop.
 */
public interface AccountStore {

  void insertUser(UserRow row) throws NameConflictException;

  Optional<UserRow> user(String id);

  Optional<UserRow> userByKey(String usernameKey);

  List<UserRow> users(Collection<String> ids);

  Slice<UserRow> listUsers(ListQuery query);

  /** Replaces the mutable fields; false if the user is gone. */
  boolean updateUser(UserRow row) throws NameConflictException;

  /** Deletes the user and every refresh token of theirs; false if there was none. */
  boolean deleteUser(String id);

  void insertRefreshToken(RefreshTokenRow row);

  Optional<RefreshTokenRow> refreshToken(String tokenHash);

  /** What happened to a refresh token presented for rotation. */
  enum Rotation {
    ROTATED,
    UNKNOWN,
    EXPIRED,
    /** It was used or revoked before: the whole family is now revoked. */
    REUSED
  }

  /**
   * In one transaction: if {@code oldHash} names a live, unused token, marks it used and inserts
   * {@code next} (same family); if it was used or revoked, revokes its whole family.
   */
  Rotation rotateRefreshToken(String oldHash, RefreshTokenRow next, long now);

  void revokeRefreshFamily(String familyId);

  void revokeUserRefreshTokens(String userId);

  /** What {@link #reserveLoginAttempt} did, and the name's failures before it, oldest first. */
  record LoginAttempt(boolean allowed, List<Long> failures) {}

  /**
   * Before a password is checked, in one atomic step per username: if fewer than {@code max}
   * failures were recorded at or after {@code since}, records one at {@code at} — it stands as the
   * failure unless a success clears it with {@link #clearLoginFailures} — and forgets failures
   * older than {@code since}; otherwise records nothing. Counting before the check keeps parallel
   * guesses, on any number of nodes, from getting more than {@code max} checks into a window.
   */
  LoginAttempt reserveLoginAttempt(String usernameKey, long at, long since, int max);

  void clearLoginFailures(String usernameKey);
}

package dev.assetstore.store.auth;

import dev.assetstore.db.AccountStore;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.RefreshTokenRow;
import dev.assetstore.db.UserRow;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login/access-token} and {@code /refresh-token}: password check with equal timing
 * for unknown users, throttling per username (never per address), and refresh-token families that
 * rotate on every use and are revoked whole when a used token comes back.
 */
public final class LoginService {
  public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
  public static final int MAX_FAILURES = 5;
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

  private final AccountStore store;
  private final AccessTokens tokens;
  private final Clock clock;

  /** A new access token and refresh token. Neither is ever printed by {@link #toString}. */
  public record Issued(String accessToken, String refreshToken, long refreshMaxAgeSeconds) {
    @Override
    public String toString() {
      return "Issued[...]";
    }
  }

  public LoginService(MetadataStore store, AccessTokens tokens) {
    this.store = store.accounts();
    this.tokens = tokens;
    this.clock = tokens.clock();
  }

  /**
   * The form fields as received (null when absent). Validation problems are 422; bad credentials
   * 401 (the same answer whether or not the user exists); too many recent failures 429. Blocks.
   */
  public Issued login(String username, String password, String grantType, String scope) {
    List<Problem> problems = new ArrayList<>();
    if (username == null || username.isEmpty()) {
      problems.add(Problem.of("body", "username", "Field required", "missing"));
    }
    if (password == null || password.isEmpty()) {
      problems.add(Problem.of("body", "password", "Field required", "missing"));
    }
    if (grantType != null && !grantType.isEmpty() && !grantType.equals("password")) {
      problems.add(
          Problem.of(
              "body",
              "grant_type",
              "String should match pattern '^password$'",
              "string_pattern_mismatch"));
    }
    Set<Scope> requested = null;
    if (scope != null && !scope.isBlank()) {
      requested = EnumSet.noneOf(Scope.class);
      for (String s : scope.trim().split("\\s+")) {
        Optional<Scope> sc = Scope.fromWire(s);
        if (sc.isEmpty()) {
          problems.add(Problem.of("body", "scope", "Unknown scope '" + s + "'", "enum"));
        } else {
          requested.add(sc.get());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }

    String key = Usernames.key(username);
    long now = micros(clock.instant());
    long windowStart = now - FAILURE_WINDOW.toNanos() / 1000;
    AccountStore.LoginAttempt attempt =
        store.reserveLoginAttempt(key, now, windowStart, MAX_FAILURES);
    if (!attempt.allowed()) {
      List<Long> failures = attempt.failures();
      long freeAt = failures.get(failures.size() - MAX_FAILURES) + FAILURE_WINDOW.toNanos() / 1000;
      long seconds = Math.max(1, (freeAt - now + 999_999) / 1_000_000);
      throw new ApiError(
          429,
          "Too many failed login attempts for this account; try again later",
          Map.of("Retry-After", Long.toString(seconds)));
    }

    // The attempt is already recorded as a failure: a wrong password leaves it, a right one clears.
    Optional<UserRow> user = store.userByKey(key);
    boolean ok =
        user.isPresent()
            ? Passwords.verify(password, user.get().passwordHash())
            : Passwords.verifyNothing(password);
    if (!ok || user.get().disabled()) {
      throw new ApiError(401, "Incorrect username or password", CHALLENGE);
    }
    store.clearLoginFailures(key);
    UserRow u = user.get();
    Principal holder =
        new Principal("user", u.id(), u.username(), AccessTokens.scopes(u.scopes()), null);
    Set<Scope> granted = EnumSet.noneOf(Scope.class);
    for (Scope s : requested == null ? holder.scopes() : requested) {
      if (holder.has(s)) {
        granted.add(s);
      }
    }
    String raw = newRefreshToken();
    long expires = now + REFRESH_LIFETIME.toNanos() / 1000;
    store.insertRefreshToken(
        new RefreshTokenRow(
            ApiKeyService.hash(raw),
            Ids.newId(),
            u.id(),
            granted.stream().map(Scope::wire).toList(),
            expires,
            false,
            false,
            now));
    return new Issued(tokens.issue(u, granted), raw, REFRESH_LIFETIME.toSeconds());
  }

  /** Exchanges a refresh token for a new pair; the old one is spent. 401 on any problem. Blocks. */
  public Issued refresh(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new ApiError(401, "Not authenticated: no refresh token", CHALLENGE);
    }
    String hash = ApiKeyService.hash(raw);
    RefreshTokenRow old = store.refreshToken(hash).orElseThrow(LoginService::invalidRefresh);
    long now = micros(clock.instant());
    UserRow user = store.user(old.userId()).orElse(null);
    if (user == null || user.disabled()) {
      store.revokeRefreshFamily(old.familyId());
      throw invalidRefresh();
    }
    Set<Scope> held = AccessTokens.scopes(user.scopes());
    Principal holder = new Principal("user", user.id(), user.username(), held, null);
    Set<Scope> granted = EnumSet.noneOf(Scope.class);
    for (Scope s : AccessTokens.scopes(old.scopes())) {
      if (holder.has(s)) {
        granted.add(s);
      }
    }
    String next = newRefreshToken();
    RefreshTokenRow row =
        new RefreshTokenRow(
            ApiKeyService.hash(next),
            old.familyId(),
            user.id(),
            granted.stream().map(Scope::wire).toList(),
            old.expires(),
            false,
            false,
            now);
    AccountStore.Rotation r = store.rotateRefreshToken(hash, row, now);
    switch (r) {
      case ROTATED -> {
        long maxAge = Math.max(0, (old.expires() - now) / 1_000_000);
        return new Issued(tokens.issue(user, granted), next, maxAge);
      }
      case REUSED -> {
        LOG.warn(
            "refresh token reuse detected for user {}: token family {} revoked",
            user.id(),
            old.familyId());
        throw invalidRefresh();
      }
      default -> throw invalidRefresh();
    }
  }

  /**
   * Signs out: the refresh token's whole family is revoked, so neither it nor any token it was
   * exchanged for renews again. An unknown or missing token changes nothing. Blocks.
   */
  public void logout(String raw) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    store
        .refreshToken(ApiKeyService.hash(raw))
        .ifPresent(t -> store.revokeRefreshFamily(t.familyId()));
  }

  private static ApiError invalidRefresh() {
    return new ApiError(401, "Invalid or expired refresh token", CHALLENGE);
  }

  private static String newRefreshToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static long micros(Instant i) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, i);
  }
}

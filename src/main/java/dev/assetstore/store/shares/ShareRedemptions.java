package dev.assetstore.store.shares;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.ShareRow;
import dev.assetstore.db.ShareStore;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Times;
import dev.assetstore.store.auth.Passwords;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redeeming a share link (API.md §8, {@code get_access}): the password and recipient checks, each
 * refusal counted on the share, guesses throttled per share. Blocking.
 */
public final class ShareRedemptions {
  public static final int MAX_FAILURES = 5;
  public static final long WINDOW_MICROS = 15L * 60 * 1_000_000;
  public static final long TOKEN_TTL_MICROS = 60L * 60 * 1_000_000;

  private final MetadataStore store;
  private final AccessTokens tokens;

  ShareRedemptions(MetadataStore store, AccessTokens tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  public Redemption redeem(JsonNode json) {
    JsonBody body = new JsonBody(json);
    String token = body.string("token", true, 512);
    String password = body.string("password", false, 1024);
    String email = body.string("email", false, 320);
    body.validate();
    ShareRow found = store.shareByToken(token).orElseThrow(() -> ApiError.notFound("Share"));
    long now = Times.nowMicros();
    // A request that can fail as a guess takes its place in the share's throttle window before it
    // is checked, in one atomic step of the store: parallel guesses, on any number of nodes,
    // cannot get more than MAX_FAILURES checks into a window.
    boolean guess =
        (found.passwordHash() != null && password != null)
            || (!found.recipients().isEmpty() && email != null);
    ShareRow r = found;
    if (guess) {
      ShareStore.Guess g =
          store
              .reserveGuess(found.id(), now, WINDOW_MICROS, MAX_FAILURES)
              .orElseThrow(() -> ApiError.notFound("Share"));
      r = g.share();
      if (!g.allowed()) {
        store.recordFailure(r.id());
        throw tooMany(r, now);
      }
    } else if (throttled(r, now)) {
      store.recordFailure(r.id());
      throw tooMany(r, now);
    }
    Refusal no = check(r, now, password, email);
    if (guess && (no == null || !no.failedGuess())) {
      store.releaseGuess(r.id(), r.throttleStart());
    }
    if (no != null) {
      store.recordFailure(r.id());
      throw no.error();
    }
    store.recordView(r.id(), now);
    long exp = now + TOKEN_TTL_MICROS;
    if (r.expires() != null) {
      exp = Math.min(exp, r.expires());
    }
    return new Redemption(
        tokens.issue(r, exp), (exp - now) / 1_000_000, ShareAccess.load(store, r));
  }

  /** Why a redemption is refused; a failed guess keeps its place in the throttle window. */
  private record Refusal(ApiError error, boolean failedGuess) {}

  /** Every refusal of a redemption, or null when the request may have the share. */
  private static Refusal check(ShareRow r, long now, String password, String email) {
    if (r.expires() != null && r.expires() <= now) {
      return new Refusal(new ApiError(410, "This share has expired"), false);
    }
    if (r.maxDownloads() != null && r.downloads() >= r.maxDownloads()) {
      return new Refusal(new ApiError(410, "This share's downloads are used up"), false);
    }
    if (r.passwordHash() != null) {
      boolean ok = password != null && Passwords.verify(password, r.passwordHash());
      if (!ok) {
        // No password at all is how the share page learns what to ask for: it is a refusal
        // (counted in failed_attempts) but not a guess, so it does not feed the throttle.
        return new Refusal(
            new ApiError(
                401,
                password == null ? "This share needs a password" : "Wrong password",
                Map.of("WWW-Authenticate", "SharePassword")),
            password != null);
      }
    }
    if (!r.recipients().isEmpty()) {
      String e = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
      if (e == null || !listed(r.recipients(), e)) {
        return new Refusal(
            new ApiError(403, "This share is for named recipients; give your email address"),
            e != null);
      }
    }
    return null;
  }

  /**
   * Whether {@code email} is among the recipients, comparing fixed-length digests of every entry
   * without an early exit, so the time taken does not tell how much of an address matched.
   */
  private static boolean listed(List<String> recipients, String email) {
    byte[] wanted = sha256(email);
    boolean found = false;
    for (String r : recipients) {
      found |= java.security.MessageDigest.isEqual(wanted, sha256(r));
    }
    return found;
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean throttled(ShareRow r, long now) {
    return r.throttleStart() != null
        && now - r.throttleStart() < WINDOW_MICROS
        && r.throttleFailures() >= MAX_FAILURES;
  }

  private static ApiError tooMany(ShareRow r, long now) {
    long wait = Math.max(1, (r.throttleStart() + WINDOW_MICROS - now + 999_999) / 1_000_000);
    return new ApiError(
        429,
        "Too many failed attempts on this share; try again later",
        Map.of("Retry-After", Long.toString(wait)));
  }
}

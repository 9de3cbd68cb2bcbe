package dev.assetstore.store.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.UserRow;
import dev.assetstore.store.Ids;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Access tokens: HS256 JWTs carrying subject (user id), scopes, iat, exp and jti. Verifying one is
 * an HMAC and a clock comparison; whether the user still exists and is enabled comes from a
 * per-node cache of a few seconds, evicted at once on this node when the user changes.
 */
public final class AccessTokens {
  public static final Duration LIFETIME = Duration.ofMinutes(15);
  private static final String ISSUER = "asset-store";
  private static final long USER_CACHE_NANOS = 5_000_000_000L;
  private static final int CACHE_MAX = 10_000;

  private final MetadataStore store;
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;
  private final Map<String, CachedUser> users = new ConcurrentHashMap<>();
  private final AtomicLong evictions = new AtomicLong();

  private record CachedUser(UserRow row, long until) {}

  /** What a verified token says, before the user is looked at. */
  private record Claims(String userId, List<String> scopes, long expiresMicros) {}

  public AccessTokens(MetadataStore store, byte[] key, Clock clock) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the JWT signing key must be at least 256 bits");
    }
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable JWT signing key", e);
    }
    this.store = store;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /** True for something shaped like a JWS compact serialisation (two dots); API keys have none. */
  public static boolean looksLikeToken(String raw) {
    return raw.chars().filter(c -> c == '.').count() == 2;
  }

  public String issue(UserRow user, Collection<Scope> scopes) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(user.id())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .jwtID(Ids.newId())
            .claim("scope", String.join(" ", scopes.stream().map(Scope::wire).toList()))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an access token", e);
    }
    return jwt.serialize();
  }

  /** Answers without blocking when the user is cached; empty means "ask {@link #authenticate}". */
  public Optional<Principal> cached(String raw) {
    Claims c = verify(raw);
    CachedUser u = users.get(c.userId());
    if (u == null || u.until < System.nanoTime()) {
      return Optional.empty();
    }
    return Optional.of(principal(c, u.row));
  }

  /** Verifies the token and loads its user; 401 if anything is wrong. Blocks. */
  public Principal authenticate(String raw) {
    Claims c = verify(raw);
    long generation = evictions.get();
    UserRow row = store.accounts().user(c.userId()).orElse(null);
    if (users.size() >= CACHE_MAX) {
      users.clear();
    }
    if (evictions.get() == generation) {
      users.put(c.userId(), new CachedUser(row, System.nanoTime() + USER_CACHE_NANOS));
    }
    return principal(c, row);
  }

  /** The user changed (disabled, deleted, new scopes): forget what this node knew. */
  public void evict(String userId) {
    evictions.incrementAndGet();
    users.remove(userId);
  }

  private Claims verify(String raw) {
    try {
      SignedJWT jwt = SignedJWT.parse(raw);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
          || jwt.getState() != JWSObject.State.SIGNED
          || !jwt.verify(verifier)) {
        throw Credentials.invalid();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      String sub = claims.getSubject();
      if (exp == null
          || sub == null
          || !ISSUER.equals(claims.getIssuer())
          || !exp.toInstant().isAfter(clock.instant())) {
        throw Credentials.invalid();
      }
      String scope = claims.getStringClaim("scope");
      List<String> scopes =
          scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split(" +"));
      return new Claims(sub, scopes, ChronoUnit.MICROS.between(Instant.EPOCH, exp.toInstant()));
    } catch (ParseException | JOSEException | IllegalStateException e) {
      throw Credentials.invalid();
    }
  }

  /** The token's scopes that the user still holds now; 401 if the user is gone or disabled. */
  private static Principal principal(Claims c, UserRow row) {
    if (row == null || row.disabled()) {
      throw Credentials.invalid();
    }
    Set<Scope> held = scopes(row.scopes());
    Principal holder = new Principal("user", row.id(), row.username(), held, null);
    Set<Scope> effective = EnumSet.noneOf(Scope.class);
    for (String s : c.scopes()) {
      Scope.fromWire(s).filter(holder::has).ifPresent(effective::add);
    }
    return new Principal(
        "user", row.id(), row.username(), Set.copyOf(effective), c.expiresMicros());
  }

  static Set<Scope> scopes(List<String> wire) {
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    for (String s : wire) {
      Scope.fromWire(s).ifPresent(out::add);
    }
    return out;
  }
}

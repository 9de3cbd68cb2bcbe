package dev.assetstore.store.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.Slice;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Times;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.FilterTable;
import dev.assetstore.store.listing.ListParams;
import dev.assetstore.store.listing.ListRequest;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.listing.Pages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: authentication, the admin API, and the bootstrap key. Only SHA-256 hashes are stored.
 * Lookups are cached for a few seconds so a hot key costs no query; deleting a key drops it from
 * this node's cache at once.
 */
public final class ApiKeyService {
  public static final String PREFIX = "sla_live_";
  private static final long CACHE_NANOS = 5_000_000_000L;
  private static final int CACHE_MAX = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ApiKeyService.class);

  private final MetadataStore store;
  private final Cursors cursors;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Bumped by every delete, so a lookup that raced a delete does not re-cache the dead key. */
  private final java.util.concurrent.atomic.AtomicLong revocations =
      new java.util.concurrent.atomic.AtomicLong();

  private record Cached(Principal principal, long until) {}

  /**
   * When this node last wrote {@code last_used} for a key (nanoTime), so it writes once a minute.
   */
  private final Map<String, Long> lastTouched = new ConcurrentHashMap<>();

  private static final long TOUCH_NANOS = 60_000_000_000L;

  /** A key as created: the record and the raw key, which is never shown again. */
  public record Created(ApiKeyRow row, String rawKey) {}

  public ApiKeyService(MetadataStore store, Cursors cursors) {
    this.store = store;
    this.cursors = cursors;
  }

  /** Answers from the cache without blocking; empty means "ask {@link #authenticate}". */
  public Optional<Principal> cached(String rawKey) {
    Cached c = cache.get(hash(rawKey));
    if (c == null || c.until < System.nanoTime()) {
      return Optional.empty();
    }
    return Optional.of(used(check(c.principal)));
  }

  /** Resolves a raw key to its principal; throws 401 when it names no live key. Blocks. */
  public Principal authenticate(String rawKey) {
    String h = hash(rawKey);
    long generation = revocations.get();
    Optional<ApiKeyRow> row = store.apiKeyByHash(h);
    Principal p =
        row.filter(r -> MessageDigest.isEqual(bytes(r.keyHash()), bytes(h)))
            .map(ApiKeyService::principal)
            .orElse(null);
    if (cache.size() >= CACHE_MAX) {
      cache.clear();
    }
    if (revocations.get() == generation) {
      cache.put(h, new Cached(p, System.nanoTime() + CACHE_NANOS));
    }
    return used(check(p));
  }

  /**
   * Records use in {@code last_used} at most once a minute per key and node, on a virtual thread of
   * its own: the request never waits for that write (it may be answered from the event loop).
   */
  private Principal used(Principal p) {
    long now = System.nanoTime();
    Long last = lastTouched.get(p.id());
    if (last == null || now - last > TOUCH_NANOS) {
      if (lastTouched.size() >= CACHE_MAX) {
        lastTouched.clear();
      }
      lastTouched.put(p.id(), now);
      long micros = Times.nowMicros();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  store.touchApiKey(p.id(), micros);
                } catch (RuntimeException e) {
                  LOG.warn("could not record last_used for key {}: {}", p.id(), e.toString());
                }
              });
    }
    return p;
  }

  private static Principal check(Principal p) {
    if (p == null || (p.expires() != null && p.expires() <= Times.nowMicros())) {
      throw Credentials.invalid();
    }
    return p;
  }

  private static Principal principal(ApiKeyRow r) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String s : r.scopes()) {
      Scope.fromWire(s).ifPresent(scopes::add);
    }
    return new Principal("api_key", r.id(), r.label(), Set.copyOf(scopes), r.expires());
  }

  public Created create(Principal creator, JsonNode json) {
    JsonBody body = new JsonBody(json);
    String label = body.string("label", true, 255);
    if (label != null && label.isBlank()) {
      body.problem("label", "String should have at least 1 character", "string_too_short");
    }
    List<String> scopes = body.strings("scopes", true);
    Long expires = null;
    String expiresRaw = body.string("expires", false, 64);
    if (expiresRaw != null) {
      expires = Times.parse(expiresRaw);
      if (expires == null) {
        body.problem("expires", "Input should be a valid RFC 3339 datetime", "datetime_parsing");
      } else if (expires <= Times.nowMicros()) {
        body.problem("expires", "Datetime should be in the future", "datetime_future");
      }
    }
    List<Scope> granted = new ArrayList<>();
    if (scopes != null) {
      for (int i = 0; i < scopes.size(); i++) {
        Optional<Scope> s = Scope.fromWire(scopes.get(i));
        if (s.isEmpty()) {
          body.problem(
              new dev.assetstore.store.Problem(
                  List.of("body", "scopes", i), "Unknown scope '" + scopes.get(i) + "'", "enum"));
        } else {
          granted.add(s.get());
        }
      }
    }
    body.validate();
    for (Scope s : granted) {
      if (creator != null && !creator.has(s)) {
        throw new ApiError(403, "Cannot grant a scope you do not hold: " + s.wire());
      }
    }
    return insert(label, scopes, expires, creator);
  }

  private Created insert(String label, List<String> scopes, Long expires, Principal creator) {
    String raw = newRawKey();
    return insert(label, scopes, expires, creator, raw);
  }

  private Created insert(
      String label, List<String> scopes, Long expires, Principal creator, String raw) {
    long now = Times.nowMicros();
    ApiKeyRow row =
        new ApiKeyRow(
            Ids.newId(),
            label,
            raw.substring(0, Math.min(raw.length(), PREFIX.length() + 4)),
            hash(raw),
            List.copyOf(scopes),
            expires,
            null,
            now,
            now,
            creator == null ? null : creator.actor());
    store.insertApiKey(row);
    return new Created(row, raw);
  }

  /** {@code asset-store keys create}: no caller, so no scope check; validates like the API. */
  public Created createOffline(String label, List<String> scopes, String expires) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("label", label);
    m.put("scopes", scopes);
    m.put("expires", expires);
    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(m);
    return create(null, json);
  }

  public Page<ApiKeyRow> list(Map<String, List<String>> params) {
    ListRequest req = ListParams.parse(params, FilterTable.API_KEYS, cursors);
    Slice<ApiKeyRow> slice = store.listApiKeys(req.query());
    return Pages.of(req, slice, slice.items(), ApiKeyService::sortValue, ApiKeyRow::id, cursors);
  }

  private static Object sortValue(ApiKeyRow r, String field) {
    return switch (field) {
      case "label" -> r.label();
      case "updated" -> r.updated();
      default -> r.created();
    };
  }

  public ApiKeyRow get(String id) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("API key");
    }
    return store.apiKey(id).orElseThrow(() -> ApiError.notFound("API key"));
  }

  public void delete(String id) {
    if (!Ids.isValid(id) || !store.deleteApiKey(id)) {
      throw ApiError.notFound("API key");
    }
    revocations.incrementAndGet();
    cache.values().removeIf(c -> c.principal != null && c.principal.id().equals(id));
  }

  public List<ApiKeyRow> byIds(java.util.Collection<String> ids) {
    return store.apiKeys(ids);
  }

  /**
   * Makes sure an admin key exists. With {@code configured} set, that key is registered if it is
   * not yet; otherwise, on an empty database, a key is generated and returned so it can be shown
   * once. Returns empty when nothing new was generated.
   */
  public Optional<String> bootstrap(String configured) {
    if (configured != null && !configured.isEmpty()) {
      if (store.apiKeyByHash(hash(configured)).isEmpty()) {
        try {
          insert("bootstrap admin", List.of(Scope.ADMIN.wire()), null, null, configured);
        } catch (RuntimeException e) {
          // Another node sharing the database registered the same key at the same moment.
          if (store.apiKeyByHash(hash(configured)).isEmpty()) {
            throw e;
          }
        }
      }
      return Optional.empty();
    }
    if (store.countApiKeys() > 0) {
      return Optional.empty();
    }
    return Optional.of(insert("bootstrap admin", List.of(Scope.ADMIN.wire()), null, null).rawKey());
  }

  public static String newRawKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Cloned per hash: cheaper than a provider look-up on every request. */
  private static final MessageDigest SHA256 = sha256();

  public static String hash(String raw) {
    MessageDigest sha;
    try {
      sha = (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      sha = sha256();
    }
    return HexFormat.of().formatHex(sha.digest(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

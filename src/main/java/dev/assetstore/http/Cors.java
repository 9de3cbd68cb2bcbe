package dev.assetstore.http;

import dev.assetstore.store.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin access to {@code /api} for the origins in {@code ASSET_STORE_CORS_ORIGINS} (contract
 * §1). It runs before routing: a preflight is answered here, with the methods of the routes that
 * match its path, so a route's own {@code OPTIONS} (tus) only sees plain {@code OPTIONS} requests;
 * every other response to an allowed origin, errors included, is marked readable as it is sent.
 * Credentials are never allowed: the API authenticates by header, not cookie.
 */
public final class Cors implements Handler<RoutingContext> {
  static final String ALLOW_HEADERS =
      "Authorization, X-API-Key, Content-Type, Range, If-None-Match, If-Modified-Since,"
          + " Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, Upload-Checksum,"
          + " Upload-Complete, Upload-Draft-Interop-Version";
  static final String EXPOSE_HEADERS =
      "ETag, Content-Disposition, Content-Range, Content-Length, Location, Repr-Digest,"
          + " Upload-Offset, Upload-Length, Upload-Expires, Tus-Resumable, Tus-Version,"
          + " Tus-Extension, Tus-Max-Size, Asset-Location";

  /** Chromium's ceiling for caching a preflight; Firefox allows longer. */
  static final String MAX_AGE_SECONDS = "7200";

  private final Set<String> origins;
  private final Router router;

  /** {@code router}: the routes whose methods a preflight is answered with. */
  Cors(Set<String> origins, Router router) {
    this.origins = Set.copyOf(origins);
    this.router = router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String path = req.path();
    if (path == null || !(path.equals("/api") || path.startsWith("/api/"))) {
      ctx.next();
      return;
    }
    String origin = req.getHeader("Origin");
    boolean allowed = origin != null && origins.contains(origin);
    boolean preflight =
        req.method() == HttpMethod.OPTIONS
            && origin != null
            && req.getHeader("Access-Control-Request-Method") != null;
    if (preflight && !allowed) {
      ctx.put(RequestLog.OP, "cors.preflight");
      ctx.fail(new ApiError(403, "Cross-origin requests from this origin are not allowed"));
      return;
    }
    if (!origins.isEmpty()) {
      // The answer depends on Origin wherever an origin may be allowed: caches must key on it.
      ctx.addHeadersEndHandler(v -> ctx.response().headers().add("Vary", "Origin"));
    }
    if (!allowed) {
      ctx.next();
      return;
    }
    ctx.addHeadersEndHandler(
        v ->
            ctx.response()
                .putHeader("Access-Control-Allow-Origin", origin)
                .putHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS));
    String methods = preflight ? methodsFor(path) : null;
    if (methods == null) {
      // Not a preflight, or one for a path with no route: routing answers it (a 404 is readable).
      ctx.next();
      return;
    }
    ctx.put(RequestLog.OP, "cors.preflight");
    ctx.response()
        .setStatusCode(204)
        .putHeader("Access-Control-Allow-Methods", methods)
        .putHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
        .putHeader("Access-Control-Max-Age", MAX_AGE_SECONDS)
        .end();
  }

  /**
   * The methods of the routes matching {@code path} (OPTIONS aside), or null if none does. Where
   * both a literal route and a parameter route match ({@code /asset/upload}, {@code /asset/:id}),
   * the literal one is the route meant: only the routes with the most literal segments count.
   */
  String methodsFor(String path) {
    Set<String> methods = new LinkedHashSet<>();
    int best = -1;
    for (Route r : router.getRoutes()) {
      int literal = r.methods() == null || r.getPath() == null ? -1 : literalSegments(r, path);
      if (literal < 0 || literal < best) {
        continue;
      }
      if (literal > best) {
        best = literal;
        methods.clear();
      }
      r.methods().stream().filter(m -> m != HttpMethod.OPTIONS).forEach(m -> methods.add(m.name()));
    }
    return methods.isEmpty() ? null : String.join(", ", methods);
  }

  /**
   * How many literal segments of the route's path {@code path} matches, or -1 if it does not match.
   * Vert.x's path rules: a trailing slash is optional, {@code :name} is one non-empty segment.
   */
  private static int literalSegments(Route r, String path) {
    String template = trimSlash(r.getPath());
    String p = trimSlash(path);
    if (!r.isExactPath()) {
      boolean prefix = p.equals(template) || p.startsWith(template + "/");
      return prefix ? template.split("/", -1).length : -1;
    }
    String[] want = template.split("/", -1);
    String[] got = p.split("/", -1);
    if (want.length != got.length) {
      return -1;
    }
    int literal = 0;
    for (int i = 0; i < want.length; i++) {
      boolean param = want[i].startsWith(":");
      if (param ? got[i].isEmpty() : !want[i].equals(got[i])) {
        return -1;
      }
      literal += param ? 0 : 1;
    }
    return literal;
  }

  private static String trimSlash(String s) {
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * {@code ASSET_STORE_CORS_ORIGINS}: comma-separated {@code scheme://host[:port]} origins, written
   * as a browser sends them in {@code Origin} (lower case, default port left out). Anything else
   * stops the server at start rather than silently never matching.
   */
  public static Set<String> parseOrigins(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv == null) {
      return out;
    }
    for (String raw : csv.split(",")) {
      String entry = raw.trim();
      if (!entry.isEmpty()) {
        out.add(origin(entry));
      }
    }
    return out;
  }

  private static String origin(String entry) {
    String bad =
        "ASSET_STORE_CORS_ORIGINS: '" + entry + "' is not an origin like https://app.example.com";
    URI u;
    try {
      u = new URI(entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(bad);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || u.getHost() == null
        || u.getRawUserInfo() != null
        || !(u.getRawPath() == null || u.getRawPath().isEmpty())
        || u.getRawQuery() != null
        || u.getRawFragment() != null) {
      throw new IllegalArgumentException(bad);
    }
    int port = u.getPort();
    boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (port < 0 || defaultPort ? "" : ":" + port);
  }
}

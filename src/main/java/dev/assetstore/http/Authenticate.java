package dev.assetstore.http;

import dev.assetstore.store.auth.AccessTokens;
import dev.assetstore.store.auth.ApiKeyService;
import dev.assetstore.store.auth.Credentials;
import dev.assetstore.store.auth.Principal;
import dev.assetstore.store.auth.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Resolves {@code X-API-Key} or {@code Authorization: Bearer} to a principal and enforces the
 * operation's scope: 401 without valid credentials, 403 naming the missing scope.
 */
public final class Authenticate {
  public static final String PRINCIPAL = "principal";
  private final ApiKeyService keys;
  private final AccessTokens tokens;

  public Authenticate(ApiKeyService keys, AccessTokens tokens) {
    this.keys = keys;
    this.tokens = tokens;
  }

  public Handler<RoutingContext> require(Scope scope) {
    return ctx -> {
      String raw = credential(ctx.request());
      if (raw == null) {
        ctx.fail(Credentials.missing());
        return;
      }
      // A JWT access token has two dots; an API key has none.
      boolean jwt = AccessTokens.looksLikeToken(raw);
      Optional<Principal> cached;
      try {
        cached = jwt ? tokens.cached(raw) : keys.cached(raw);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      if (cached.isPresent()) {
        admit(ctx, cached.get(), scope);
        return;
      }
      Blocking.call(() -> jwt ? tokens.authenticate(raw) : keys.authenticate(raw))
          .onSuccess(p -> admit(ctx, p, scope))
          .onFailure(ctx::fail);
    };
  }

  private static void admit(RoutingContext ctx, Principal p, Scope scope) {
    if (!p.has(scope)) {
      ctx.fail(dev.assetstore.store.auth.Credentials.forbidden(scope));
      return;
    }
    ctx.put(PRINCIPAL, p);
    ctx.next();
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  static String credential(HttpServerRequest req) {
    String key = req.getHeader("X-API-Key");
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = auth.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}

package dev.assetstore.http.shares;

import dev.assetstore.http.Blocking;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.shares.AccessTokens;
import dev.assetstore.store.shares.RecipientAccess;
import dev.assetstore.store.shares.ShareAccess;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Admits only share access tokens ({@code Authorization: Bearer sat_…}, or {@code access_token} in
 * the query so a browser link can download without script). API keys and user tokens are refused
 * here: they belong to the owner API.
 */
public final class ShareAccessAuth implements Handler<RoutingContext> {
  public static final String ACCESS = "shareAccess";
  private final RecipientAccess shares;

  public ShareAccessAuth(RecipientAccess shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = null;
    String auth = ctx.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = auth.substring(7).trim();
    } else if (auth == null) {
      token = ctx.request().getParam("access_token");
    }
    if (ctx.request().getHeader("X-API-Key") != null
        || token == null
        || !token.startsWith(AccessTokens.PREFIX)) {
      ctx.fail(
          new ApiError(
              401,
              "A share access token from POST /api/share/get_access is required",
              Map.of("WWW-Authenticate", "Bearer realm=\"share\"")));
      return;
    }
    String t = token;
    Blocking.call(() -> shares.authorize(t))
        .onSuccess(
            a -> {
              ctx.put(ACCESS, a);
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  public static ShareAccess access(RoutingContext ctx) {
    return ctx.get(ACCESS);
  }
}

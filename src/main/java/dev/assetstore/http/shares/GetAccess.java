package dev.assetstore.http.shares;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareRedemptions;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/share/get_access} — share.get_access: redeems a link (no account) for a
 * short-lived share access token. Every refusal is counted on the share, and throttled per share.
 */
public final class GetAccess implements Handler<RoutingContext> {
  private final ShareRedemptions shares;

  public GetAccess(ShareRedemptions shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    Respond.json(
        ctx,
        200,
        () -> {
          var red = shares.redeem(body);
          var a = red.access();
          var r = a.share();
          Map<String, Object> share = new LinkedHashMap<>();
          share.put("name", r.name());
          share.put("target_type", r.targetType());
          share.put("message", r.message());
          share.put("expires", r.expires() == null ? null : Times.format(r.expires()));
          if (a.asset() != null) {
            share.put("asset", Views.publicAsset(a.asset(), a, "/" + a.asset().name()));
          } else {
            share.put("folder", Views.publicFolder(a.root(), a));
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("access_token", red.accessToken());
          out.put("token_type", "bearer");
          out.put("expires_in", red.expiresIn());
          out.put("share", share);
          return out;
        });
  }
}

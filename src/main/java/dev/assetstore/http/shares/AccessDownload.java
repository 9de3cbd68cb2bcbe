package dev.assetstore.http.shares;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Downloads;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.shares.RecipientAccess;
import dev.assetstore.store.shares.ShareAccess;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code GET|HEAD /api/share/access/download?id=…} and {@code …/access/folder/{id}/download} — the
 * recipient's downloads. A completed transfer counts once in {@code downloads}; with {@code
 * max_downloads}, a slot is taken before the first byte so parallel downloads cannot overrun the
 * limit.
 */
public final class AccessDownload implements Handler<RoutingContext> {
  private final RecipientAccess shares;
  private final Function<RoutingContext, Callable<Download>> plan;

  private AccessDownload(
      RecipientAccess shares, Function<RoutingContext, Callable<Download>> plan) {
    this.shares = shares;
    this.plan = plan;
  }

  public static AccessDownload assets(RecipientAccess shares) {
    return new AccessDownload(
        shares,
        ctx -> {
          ShareAccess a = ShareAccessAuth.access(ctx);
          var ids = ctx.queryParam("id");
          return () -> shares.download(a, ids);
        });
  }

  public static AccessDownload folder(RecipientAccess shares) {
    return new AccessDownload(
        shares,
        ctx -> {
          ShareAccess a = ShareAccessAuth.access(ctx);
          String id = ctx.pathParam("id");
          return () -> shares.folderDownload(a, id);
        });
  }

  @Override
  public void handle(RoutingContext ctx) {
    ShareAccess a = ShareAccessAuth.access(ctx);
    boolean counts = ctx.request().method() == HttpMethod.GET;
    Callable<Download> work = plan.apply(ctx);
    Blocking.call(
            () -> {
              Download d = work.call();
              String slot = counts ? shares.beginDownload(a) : null;
              return new Object[] {d, slot};
            })
        .onSuccess(
            r ->
                Downloads.send(
                    ctx,
                    (Download) r[0],
                    shares::open,
                    complete -> {
                      if (counts) {
                        Blocking.run(() -> shares.finishDownload(a, (String) r[1], complete));
                      }
                    }))
        .onFailure(ctx::fail);
  }
}

package dev.assetstore.http.shares;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Downloads;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.shares.RecipientAccess;
import dev.assetstore.store.shares.ShareAccess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
  private final Counter complete;
  private final Counter incomplete;

  private AccessDownload(
      RecipientAccess shares,
      MeterRegistry metrics,
      Function<RoutingContext, Callable<Download>> plan) {
    this.shares = shares;
    this.plan = plan;
    this.complete = transfers(metrics, "complete");
    this.incomplete = transfers(metrics, "incomplete");
  }

  /**
   * Recipients' GET transfers whose verdict has been recorded (counted, or the slot released): an
   * operator's view of aborted downloads, and the sign that the server is done with a transfer.
   */
  private static Counter transfers(MeterRegistry metrics, String outcome) {
    return Counter.builder("asset_store.share.transfers")
        .description("Recipients' share downloads by outcome, once recorded")
        .tag("outcome", outcome)
        .register(metrics);
  }

  public static AccessDownload assets(RecipientAccess shares, MeterRegistry metrics) {
    return new AccessDownload(
        shares,
        metrics,
        ctx -> {
          ShareAccess a = ShareAccessAuth.access(ctx);
          var ids = ctx.queryParam("id");
          return () -> shares.download(a, ids);
        });
  }

  public static AccessDownload folder(RecipientAccess shares, MeterRegistry metrics) {
    return new AccessDownload(
        shares,
        metrics,
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
                    delivered -> {
                      if (counts) {
                        Blocking.run(() -> shares.finishDownload(a, (String) r[1], delivered))
                            .onComplete(v -> (delivered ? complete : incomplete).increment());
                      }
                    }))
        .onFailure(ctx::fail);
  }
}

package dev.assetstore.http.store;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Downloads;
import dev.assetstore.http.Json;
import dev.assetstore.http.Params;
import dev.assetstore.http.Views;
import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.folders.FolderService;
import dev.assetstore.store.folders.Resolved;
import dev.assetstore.store.folders.StoreResolver;
import dev.assetstore.store.listing.QueryValues;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/store/?url=…&as_json=…&hydrate=…} — store.resolve (API.md §7) */
public final class ResolveStoreUrl implements Handler<RoutingContext> {
  private final StoreResolver resolver;
  private final AssetService assets;
  private final FolderService folders;

  public ResolveStoreUrl(StoreResolver resolver, AssetService assets, FolderService folders) {
    this.resolver = resolver;
    this.assets = assets;
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var params = Params.query(ctx);
    List<Problem> problems = new ArrayList<>();
    boolean asJson = QueryValues.bool(params, "as_json", true, problems);
    boolean hydrate = QueryValues.bool(params, "hydrate", true, problems);
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    String url = QueryValues.last(params, "url");
    Blocking.call(
            () -> {
              Resolved r = resolver.resolve(url);
              if (asJson) {
                return r;
              }
              return switch (r) {
                case Resolved.Asset a -> assets.download(List.of(a.record().row().id()));
                case Resolved.Folder f -> folders.archive(f.record().row());
                case Resolved.Root root ->
                    throw ValidationError.of(
                        "query", "as_json", "The root cannot be downloaded", "value_error");
              };
            })
        .onSuccess(
            result -> {
              // An exception thrown in a future's callback is swallowed and the request would hang
              // (e.g. the 416 of an unsatisfiable Range): route it to the failure handler.
              try {
                switch (result) {
                  case Resolved.Asset a -> Json.send(ctx, 200, Views.asset(a.record(), hydrate));
                  case Resolved.Folder f -> Json.send(ctx, 200, Views.folder(f.record(), hydrate));
                  case Resolved.Root root ->
                      Json.send(ctx, 200, Map.of("type", "root", "path", "/"));
                  case Download d -> Downloads.send(ctx, d, assets::open);
                  default -> ctx.fail(new IllegalStateException("unexpected " + result));
                }
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            })
        .onFailure(ctx::fail);
  }
}

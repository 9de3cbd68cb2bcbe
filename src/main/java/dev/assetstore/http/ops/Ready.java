package dev.assetstore.http.ops;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.http.Blocking;
import dev.assetstore.http.Json;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /ready} — the database and the blob store both answer. */
public final class Ready implements Handler<RoutingContext> {
  private final MetadataStore store;
  private final BlobStore blobs;

  public Ready(MetadataStore store, BlobStore blobs) {
    this.store = store;
    this.blobs = blobs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Blocking.call(
            () -> {
              Map<String, Object> checks = new LinkedHashMap<>();
              checks.put("database", store.isReady() ? "ok" : "unavailable");
              checks.put("blob_store", blobs.isReady() ? "ok" : "unavailable");
              return checks;
            })
        .onSuccess(
            checks -> {
              boolean ok = !checks.containsValue("unavailable");
              if (!ok) {
                ctx.response().putHeader("Retry-After", "5");
              }
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("status", ok ? "ready" : "unavailable");
              body.put("checks", checks);
              Json.send(ctx, ok ? 200 : 503, body);
            })
        .onFailure(ctx::fail);
  }
}

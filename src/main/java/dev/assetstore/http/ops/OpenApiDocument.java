package dev.assetstore.http.ops;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/openapi.json} — the hand-written contract document, served as is. */
public final class OpenApiDocument implements Handler<RoutingContext> {
  private final Buffer document;

  public OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the jar");
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(document);
  }
}

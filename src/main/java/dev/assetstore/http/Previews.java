package dev.assetstore.http;

import dev.assetstore.store.previews.Preview;
import dev.assetstore.store.previews.PreviewParams;
import dev.assetstore.store.previews.PreviewService;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Sends a preview (API.md §11) for both the owner's and the share recipient's route: found or made
 * off the event loop, then a small one from memory, a larger stored blob sent by {@link Downloads}
 * — {@code sendFile} from disk, streamed from S3 — with an ETag from its key, 304 for a match, and
 * a day's private caching.
 */
public final class Previews {
  private static final String CACHE = "private, max-age=86400";

  private Previews() {}

  /** The interface of a lookup, given the parsed parameters. */
  public interface Find {
    Preview find(PreviewParams p) throws Exception;
  }

  public static void send(RoutingContext ctx, PreviewService previews, Find find) {
    send(ctx, previews, p -> null, find);
  }

  /** {@code recent}: a lookup that answers without blocking, or null to run {@code find}. */
  public static void send(
      RoutingContext ctx,
      PreviewService previews,
      java.util.function.Function<PreviewParams, Preview> recent,
      Find find) {
    PreviewParams p = PreviewParams.parse(Params.query(ctx));
    Preview hit = recent.apply(p);
    if (hit != null) {
      respond(ctx, previews, hit);
      return;
    }
    Callable<Preview> work = () -> find.find(p);
    Blocking.call(work).onSuccess(preview -> respond(ctx, previews, preview)).onFailure(ctx::fail);
  }

  private static void respond(RoutingContext ctx, PreviewService previews, Preview p) {
    HttpServerResponse resp = ctx.response();
    resp.putHeader(AsciiHeaders.ETAG, p.etag())
        .putHeader(AsciiHeaders.CACHE_CONTROL, CACHE)
        .putHeader(AsciiHeaders.NOSNIFF_NAME, AsciiHeaders.NOSNIFF);
    String inm = ctx.request().getHeader("If-None-Match");
    if (inm != null && Downloads.noneMatchHits(inm, p.etag())) {
      resp.setStatusCode(304).end();
      return;
    }
    resp.putHeader(AsciiHeaders.CONTENT_TYPE, p.contentType());
    if (ctx.request().method() == HttpMethod.HEAD) {
      resp.putHeader(AsciiHeaders.CONTENT_LENGTH, Long.toString(p.size())).end();
      return;
    }
    if (p.body() != null) {
      // Wrapped, not copied: the bytes are never written to.
      resp.putHeader(AsciiHeaders.CONTENT_LENGTH, Integer.toString(p.body().length))
          .end(BufferInternal.buffer(Unpooled.wrappedBuffer(p.body())));
      return;
    }
    Downloads.sendBlob(ctx, previews.localPath(p).orElse(null), p.size(), () -> previews.open(p));
  }
}

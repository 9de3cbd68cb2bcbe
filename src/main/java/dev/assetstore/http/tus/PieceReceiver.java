package dev.assetstore.http.tus;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.ErrorMapper;
import dev.assetstore.http.io.ReadStreamInputStream;
import dev.assetstore.store.uploads.Append;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a request's body into an {@link Append} on a virtual thread. A body cut off (the client
 * went away, or a newer request for the same upload closed this one's connection) ends the piece
 * where it stands: every byte received so far, queued ones included, is written and checkpointed,
 * and the request gets no answer (never a success).
 */
final class PieceReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(PieceReceiver.class);

  private PieceReceiver() {}

  /** Completes with the outcome, or fails (an {@link Append.Interrupted} when cut off). */
  static Future<Append.Outcome> receive(RoutingContext ctx, Append append, Dialect d) {
    HttpServerRequest req = ctx.request();
    Context context = Vertx.currentContext();
    ReadStreamInputStream bridge = new ReadStreamInputStream(req, context);
    AtomicBoolean cut = new AtomicBoolean();
    append.onRelease(
        () ->
            context.runOnContext(
                v -> {
                  if (!req.isEnded()) {
                    LOG.info(
                        "upload piece released to a newer request ({})", (Object) ctx.get("rid"));
                    req.connection().close();
                  }
                }));
    if (d == Dialect.IETF) {
      append.onCheckpoint(
          offset -> context.runOnContext(v -> ResumptionSupported.progress(req, offset)));
    }
    req.handler(bridge::onData);
    req.endHandler(v -> bridge.onEnd());
    req.exceptionHandler(
        e -> {
          // What arrived before the cut is still queued: the piece ends after it, not before.
          cut.set(true);
          bridge.onEnd();
        });
    if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    req.resume();
    return Blocking.call(() -> append.run(bridge))
        .transform(
            r -> {
              if (cut.get()) {
                LOG.info("upload piece cut off ({})", (Object) ctx.get("rid"));
                return Future.failedFuture(new Append.Interrupted("connection closed"));
              }
              if (r.failed() && r.cause() instanceof Append.Interrupted) {
                req.connection().close();
              }
              return r.succeeded()
                  ? Future.succeededFuture(r.result())
                  : Future.failedFuture(r.cause());
            });
  }

  /** Fails the request unless it was cut off (then there is nobody to answer). */
  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof Append.Interrupted) {
      return;
    }
    if (!ctx.request().isEnded()) {
      ctx.put(ErrorMapper.CLOSE_AFTER, true);
    }
    ctx.fail(e);
  }
}

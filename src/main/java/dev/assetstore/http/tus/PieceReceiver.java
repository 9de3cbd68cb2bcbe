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
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a request's body into an {@link Append} on a virtual thread. A newer request for the same
 * upload ends this one through {@link Append#onRelease}: the body is cut off where it stands, what
 * arrived is checkpointed, and the connection is closed without an answer (never a success).
 */
final class PieceReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(PieceReceiver.class);

  private PieceReceiver() {}

  /** Completes with the outcome, or fails (an {@link Append.Interrupted} when cut off). */
  static Future<Append.Outcome> receive(RoutingContext ctx, Append append) {
    HttpServerRequest req = ctx.request();
    Context context = Vertx.currentContext();
    ReadStreamInputStream bridge = new ReadStreamInputStream(req, context);
    append.onRelease(() -> bridge.onError(new IOException("released to a newer request")));
    req.handler(bridge::onData);
    req.endHandler(v -> bridge.onEnd());
    req.exceptionHandler(bridge::onError);
    if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    req.resume();
    return Blocking.call(() -> append.run(bridge))
        .recover(
            e -> {
              if (e instanceof Append.Interrupted) {
                LOG.info(
                    "upload piece ended early ({}): {}", (Object) ctx.get("rid"), e.getMessage());
                // Whatever the reason, the client must not read this as a success.
                req.connection().close();
              } else if (!req.isEnded()) {
                ctx.put(ErrorMapper.CLOSE_AFTER, true);
              }
              return Future.failedFuture(e);
            });
  }

  /** Fails the request unless it was cut off (then the connection is already closed). */
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

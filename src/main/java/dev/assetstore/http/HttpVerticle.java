package dev.assetstore.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** One event loop's HTTP server; several instances share the port. */
public final class HttpVerticle extends VerticleBase {
  static {
    // No WebSockets here. With them enabled Vert.x answers a request line with an unknown HTTP
    // version itself (501, empty body) before any handler sees it; without, it reaches ours (400).
    System.setProperty("vertx.disableWebsockets", "true");
  }

  private final Services services;
  private final String host;
  private final int port;
  private final Limits limits;
  private final java.util.Set<String> corsOrigins;
  private SlowClientGuard guard;
  private HttpServer server;

  public HttpVerticle(
      Services services, String host, int port, Limits limits, java.util.Set<String> corsOrigins) {
    this.services = services;
    this.host = host;
    this.port = port;
    this.limits = limits;
    this.corsOrigins = corsOrigins;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setMaxInitialLineLength(Limits.MAX_REQUEST_LINE)
            .setMaxHeaderSize(limits.maxHeaderBytes())
            .setMaxFormAttributeSize(Limits.MAX_FORM_FIELD_BYTES)
            .setMaxFormFields(Limits.MAX_FORM_FIELDS)
            .setMaxFormBufferedBytes(Limits.MAX_FORM_FIELD_BYTES)
            .setIdleTimeout((int) limits.idleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setCompressionSupported(false)
            // h2c upgrade buffers the request body and cannot use sendfile: HTTP/1.1 only.
            .setHttp2ClearTextEnabled(false)
            .setTcpNoDelay(true)
            // Request bodies in pieces of up to 64 KiB instead of 8 KiB: an upload crosses the
            // event loop and the writer hand-off an eighth as often.
            .setMaxChunkSize(64 * 1024);
    Router router = ApiRouter.create(vertx, services, limits, corsOrigins);
    guard = new SlowClientGuard(limits);
    guard.start(vertx);
    InvalidRequests invalid = new InvalidRequests(limits);
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(guard::opened)
            .requestHandler(
                req -> {
                  guard.begin(req);
                  if (req.version() == null) {
                    invalid.answer(req, 400, "Unsupported HTTP version");
                  } else {
                    router.handle(req);
                  }
                })
            .invalidRequestHandler(
                req -> {
                  guard.begin(req);
                  invalid.handle(req);
                });
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    guard.stop();
    return Future.succeededFuture();
  }
}

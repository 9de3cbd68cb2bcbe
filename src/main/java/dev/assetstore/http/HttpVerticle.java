package dev.assetstore.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One event loop's HTTP server; several instances share the port. */
public final class HttpVerticle extends VerticleBase {
  /** Request lines up to 64 KiB: a 1,000-id download URL is about 40 KB. */
  public static final int MAX_REQUEST_LINE = 64 * 1024;

  public static final int MAX_HEADER_SIZE = 32 * 1024;
  private final Services services;
  private final String host;
  private final int port;
  private HttpServer server;

  public HttpVerticle(Services services, String host, int port) {
    this.services = services;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setMaxInitialLineLength(MAX_REQUEST_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setMaxFormAttributeSize(64 * 1024)
            .setMaxFormFields(64)
            .setMaxFormBufferedBytes(64 * 1024)
            .setIdleTimeout(120)
            .setCompressionSupported(false)
            // h2c upgrade buffers the request body and cannot use sendfile: HTTP/1.1 only.
            .setHttp2ClearTextEnabled(false)
            .setTcpNoDelay(true);
    server = vertx.createHttpServer(options).requestHandler(ApiRouter.create(vertx, services));
    return server.listen();
  }
}

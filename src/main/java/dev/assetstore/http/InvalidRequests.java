package dev.assetstore.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * Requests the HTTP decoder could not read (a request line or head over its limit, a malformed line
 * or header) never reach the router. Vert.x would answer them with an empty body; this answers with
 * the contract's {@code {"detail": …}} and closes the connection, since the rest of the stream
 * cannot be trusted.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {
  private final Limits limits;

  InvalidRequests(Limits limits) {
    this.limits = limits;
  }

  @Override
  public void handle(HttpServerRequest req) {
    Throwable cause = req.decoderResult().cause();
    int status;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      detail = "The request line is longer than " + Limits.MAX_REQUEST_LINE + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      detail = "The request headers are larger than " + limits.maxHeaderBytes() + " bytes";
    } else {
      status = 400;
      detail = "Malformed HTTP request";
    }
    answer(req, status, detail);
  }

  /** Answers and closes: the rest of the stream cannot be trusted. */
  void answer(HttpServerRequest req, int status, String detail) {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(Map.of("detail", detail));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    req.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(Buffer.buffer(body))
        .onComplete(v -> req.connection().close());
  }
}

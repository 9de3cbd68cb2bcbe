package dev.assetstore.http;

import dev.assetstore.blob.BlobUnavailableException;
import dev.assetstore.db.StorageFullException;
import dev.assetstore.db.StoreUnavailableException;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.ValidationError;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: FastAPI-shaped bodies, the right status, and never a
 * stack trace on the wire (it goes to the log with the request id instead).
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  /** Set on a request whose body was not read, so the connection cannot be reused. */
  public static final String CLOSE_AFTER = "closeAfterResponse";

  private ErrorMapper() {}

  public static void handle(RoutingContext ctx) {
    handle(ctx, 500);
  }

  /**
   * {@code routerStatus}: the status the router chose when it calls an error handler without a
   * failure or status on the context (a path it could not decode is 400).
   */
  public static void handle(RoutingContext ctx, int routerStatus) {
    HttpServerResponse resp = ctx.response();
    Throwable failure =
        ctx.failure() == null
            ? null
            : LowerLayerFailures.translate(ctx.failure(), ctx.statusCode());
    if (resp.headWritten()) {
      // Mid-stream failure: the only honest signal left is to cut the connection.
      if (failure != null) {
        LOG.warn("failure after response started ({}): {}", ctx.get("rid"), failure.toString());
      }
      if (ctx.request().version() == HttpVersion.HTTP_2) {
        resp.reset();
      } else {
        ctx.request().connection().close();
      }
      return;
    }
    int status;
    Object detail;
    Map<String, String> headers = Map.of();
    if (failure instanceof ValidationError v) {
      status = 422;
      detail =
          v.problems().stream()
              .map(
                  p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("loc", p.loc());
                    m.put("msg", p.msg());
                    m.put("type", p.type());
                    return m;
                  })
              .toList();
    } else if (failure instanceof ApiError e) {
      status = e.status();
      detail = e.detail();
      headers = e.headers();
    } else if (failure instanceof StoreUnavailableException) {
      status = 503;
      detail = "The metadata database is unavailable; try again shortly";
      headers = Map.of("Retry-After", "5");
    } else if (failure instanceof BlobUnavailableException) {
      status = 503;
      detail = "The blob storage is unavailable; try again shortly";
      headers = Map.of("Retry-After", "5");
      LOG.warn("blob storage unavailable ({}): {}", ctx.get("rid"), failure.getMessage());
    } else if (failure instanceof StorageFullException) {
      status = 507;
      detail = "The server has no storage space left; nothing was changed";
    } else if (failure == null) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : routerStatus;
      detail = standardDetail(status);
    } else {
      status = 500;
      detail = "Internal Server Error";
      LOG.error("unhandled failure ({})", (Object) ctx.get("rid"), failure);
    }
    if (status >= 500 && failure == null) {
      LOG.error("status {} without a cause ({})", status, ctx.get("rid"));
    }
    headers.forEach(resp::putHeader);
    if (Boolean.TRUE.equals(ctx.get(CLOSE_AFTER)) || unreadBody(ctx.request())) {
      if (ctx.request().version() == HttpVersion.HTTP_2) {
        // Connection-specific headers are malformed in HTTP/2 (RFC 9113 §8.2.2), and the
        // connection carries other streams: end this stream's upload with NO_ERROR instead.
        resp.endHandler(v -> resp.reset(0));
      } else {
        resp.putHeader("Connection", "close");
        resp.endHandler(v -> lingeringClose(ctx));
      }
    }
    resp.headers().remove("Content-Disposition");
    resp.headers().remove("Content-Length");
    resp.headers().remove("Repr-Digest");
    Json.send(ctx, status, Map.of("detail", detail));
  }

  /**
   * A body may still be on its way: the request has not ended and announced one. A request without
   * a body (most GETs, answered before the parser saw their end) keeps its connection.
   */
  private static boolean unreadBody(io.vertx.core.http.HttpServerRequest req) {
    if (req.isEnded()) {
      return false;
    }
    String length = req.getHeader("Content-Length");
    return req.getHeader("Transfer-Encoding") != null
        || (length != null && !length.trim().equals("0"));
  }

  /** How long an unread request body is drained after an early answer before closing. */
  static final long LINGER_MILLIS = 2000;

  /**
   * Closes the connection of a request whose body was not read, after reading and discarding what
   * the client is still sending for a short while (as nginx's lingering close does): closing at
   * once makes the kernel reset the connection while the client writes, and the client can lose the
   * answer it was sent (a 413 or 401 reads as "connection reset").
   */
  static void lingeringClose(RoutingContext ctx) {
    var req = ctx.request();
    var conn = req.connection();
    if (req.isEnded()) {
      conn.close();
      return;
    }
    long timer = ctx.vertx().setTimer(LINGER_MILLIS, t -> conn.close());
    try {
      req.handler(b -> {});
      req.endHandler(
          v -> {
            ctx.vertx().cancelTimer(timer);
            conn.close();
          });
      req.resume();
    } catch (IllegalStateException e) {
      // The request already ended or its body is owned elsewhere: just close.
      ctx.vertx().cancelTimer(timer);
      conn.close();
    }
  }

  static String standardDetail(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Not authenticated";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Request body too large";
      case 414 -> "Request line too long";
      case 415 -> "Unsupported Media Type";
      case 417 -> "Expectation Failed";
      case 431 -> "Request headers too large";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Request failed";
    };
  }

  /** Statuses the router itself produces, so they get contract bodies too. */
  public static List<Integer> routerStatuses() {
    return List.of(400, 404, 405, 413, 415, 417, 500);
  }
}

package dev.assetstore.http;

import dev.assetstore.store.ApiError;
import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The first check on every routed request: limits the decoder does not enforce (header count, query
 * parameter count) and percent-encoding that would otherwise fail deep inside routing.
 */
final class RequestShape implements Handler<RoutingContext> {
  private final Limits limits;

  RequestShape(Limits limits) {
    this.limits = limits;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var req = ctx.request();
    int headers = 0;
    for (var ignored : req.headers()) {
      headers++;
    }
    if (headers > limits.maxHeaders()) {
      refuse(ctx, new ApiError(431, "At most " + limits.maxHeaders() + " request headers"));
      return;
    }
    String path = req.path();
    if (path != null && !wellEncoded(path)) {
      refuse(ctx, new ApiError(400, "Invalid percent-encoding in the request path"));
      return;
    }
    String query = req.query();
    if (query != null) {
      if (!wellEncoded(query)) {
        refuse(ctx, new ApiError(400, "Invalid percent-encoding in the query string"));
        return;
      }
      if (parameterCount(query) > Limits.MAX_QUERY_PARAMS) {
        refuse(
            ctx,
            new ValidationError(
                List.of(
                    new Problem(
                        List.of("query"),
                        "At most " + Limits.MAX_QUERY_PARAMS + " query parameters are allowed",
                        "too_long"))));
        return;
      }
    }
    ctx.next();
  }

  /** A body, if any, is left unread; the error mapper then closes the connection. */
  private static void refuse(RoutingContext ctx, Throwable t) {
    ctx.fail(t);
  }

  /** Every {@code %} is followed by two hex digits. */
  static boolean wellEncoded(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length()
          || Character.digit(s.charAt(i + 1), 16) < 0
          || Character.digit(s.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parameters as the query decoder counts them: non-empty names between {@code &} or {@code ;}.
   */
  static int parameterCount(String query) {
    int count = 0;
    int start = 0;
    for (int i = 0; i <= query.length(); i++) {
      if (i == query.length() || query.charAt(i) == '&' || query.charAt(i) == ';') {
        if (i > start && query.charAt(start) != '=') {
          count++;
        }
        start = i + 1;
      }
    }
    return count;
  }
}

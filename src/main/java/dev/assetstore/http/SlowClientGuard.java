package dev.assetstore.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off clients that send too slowly (slow loris). The idle timeout alone does not: one byte a
 * second keeps a connection "active" forever. Two rules, checked by one timer per event loop:
 *
 * <ul>
 *   <li>Head: from the moment a connection opens, or its previous response ended, the next request
 *       head must be complete within {@link Limits#headerTimeout()}; otherwise the connection is
 *       closed (there is no request yet to answer).
 *   <li>Body: a request body starts with {@link Limits#bodyTimeout()} and each {@link
 *       Limits#BODY_MIN_BYTES_PER_SECOND} bytes received add a second (Apache's mod_reqtimeout
 *       rule), so a slow but steady upload keeps going while a trickle is answered 408 and cut off.
 *       A body whose every announced byte was read but that never ended (the decoder failed on it)
 *       is answered 400 after the same grace instead of hanging.
 * </ul>
 *
 * Nothing here blocks or holds a thread: a slow client costs a socket and a map entry. Once a
 * request's body has ended, its response (a long download, say) is bounded only by the idle
 * timeout. State is confined to the event loop that owns the connections.
 */
final class SlowClientGuard {
  private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);
  static final long TICK_MILLIS = 200;
  private static final Buffer TOO_SLOW =
      Buffer.buffer("{\"detail\":\"The request body arrived too slowly\"}");
  private static final Buffer UNDECODABLE =
      Buffer.buffer("{\"detail\":\"The request body could not be decoded\"}");

  private final long headerNanos;
  private final long bodyNanos;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();
  private Vertx vertx;
  private long timer = -1;

  SlowClientGuard(Limits limits) {
    this.headerNanos = limits.headerTimeout().toNanos();
    this.bodyNanos = limits.bodyTimeout().toNanos();
  }

  /** One connection: waiting for a head since {@code since}, or busy with {@code request}. */
  private static final class Watch {
    long since;
    HttpServerRequest request;

    Watch(long since) {
      this.since = since;
    }
  }

  void start(Vertx vertx) {
    this.vertx = vertx;
    timer = vertx.setPeriodic(TICK_MILLIS, id -> sweep());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  void opened(HttpConnection conn) {
    watches.put(conn, new Watch(System.nanoTime()));
    conn.closeHandler(v -> watches.remove(conn));
  }

  /** A complete head arrived: the head rule is met, the body rule starts. */
  void begin(HttpServerRequest req) {
    Watch w = watches.get(req.connection());
    if (w != null) {
      w.request = req;
      w.since = System.nanoTime();
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (var e : new ArrayList<>(watches.entrySet())) {
      HttpConnection conn = e.getKey();
      Watch w = e.getValue();
      HttpServerRequest req = w.request;
      if (req == null) {
        if (now - w.since > headerNanos) {
          watches.remove(conn);
          conn.close();
        }
      } else if (req.response().ended() || req.response().closed()) {
        w.request = null;
        w.since = now;
      } else if (!req.isEnded()) {
        long earned = (long) (req.bytesRead() * (1e9 / Limits.BODY_MIN_BYTES_PER_SECOND));
        if (now - w.since > bodyNanos + earned) {
          watches.remove(conn);
          if (readAll(req)) {
            // Every byte is in, yet the request never ended: the form decoder choked on it
            // (Netty's multipart decoder can throw outside Vert.x's error handling, e.g. on an
            // illegal charset name in a part header). Not slow: undecodable.
            refuse(req, 400, UNDECODABLE);
          } else {
            LOG.info("request body too slow ({} bytes): closing the connection", req.bytesRead());
            refuse(req, 408, TOO_SLOW);
          }
        }
      }
    }
  }

  private static boolean readAll(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    if (length == null) {
      return false;
    }
    try {
      return req.bytesRead() >= Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Answers (if nothing was answered yet) and closes the connection. */
  private static void refuse(HttpServerRequest req, int status, Buffer body) {
    var resp = req.response();
    if (resp.headWritten()) {
      req.connection().close();
      return;
    }
    try {
      resp.headers().remove("Content-Length").remove("Content-Disposition");
      resp.setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .putHeader("Connection", "close")
          .end(body)
          .onComplete(v -> req.connection().close());
    } catch (IllegalStateException e) {
      req.connection().close();
    }
  }
}

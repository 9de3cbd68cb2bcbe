package dev.assetstore.http.tus;

import dev.assetstore.store.uploads.UploadService;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.VertxConnection;

/**
 * The IETF draft's {@code 104 (Upload Resumption Supported)} interim response: at creation it names
 * the upload resource ({@code Location}) and its limit before the body is taken, so a client cut
 * off mid-body can resume; while a body is taken it reports each durable offset ({@code
 * Upload-Offset}). Vert.x's response API writes only 100 and 103, so this one goes to the HTTP/1.1
 * connection's Netty pipeline as a full response with no content, the way Vert.x writes 103 (the
 * encoder treats every 1xx as interim, and the final response follows as usual). Callers send it
 * only for a request in the IETF dialect; it echoes the request's interop version, and is never
 * written once the final response has begun.
 */
final class ResumptionSupported {
  static final HttpResponseStatus STATUS =
      new HttpResponseStatus(104, "Upload Resumption Supported");

  private ResumptionSupported() {}

  /** At creation, before any byte of the body is taken. */
  static void announce(HttpServerRequest req, String location, UploadService uploads) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Location", location);
    h.set("Upload-Limit", "max-size=" + uploads.settings().maxBytes());
    send(req, h);
  }

  /** While a body is taken, after each checkpoint: the offset that is now durable. */
  static void progress(HttpServerRequest req, long offset) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Upload-Offset", Long.toString(offset));
    send(req, h);
  }

  private static void send(HttpServerRequest req, HttpHeaders h) {
    String interop = req.getHeader("Upload-Draft-Interop-Version");
    if (interop == null
        || req.version() == HttpVersion.HTTP_2
        || req.response().headWritten()
        || req.response().ended()
        || !(req.connection() instanceof VertxConnection c)) {
      return;
    }
    h.set("Upload-Draft-Interop-Version", interop.trim());
    c.write(
        new DefaultFullHttpResponse(
            io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
            STATUS,
            Unpooled.EMPTY_BUFFER,
            h,
            EmptyHttpHeaders.INSTANCE),
        true);
  }
}

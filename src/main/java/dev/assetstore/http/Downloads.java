package dev.assetstore.http;

import dev.assetstore.db.AssetRow;
import dev.assetstore.http.io.Delivery;
import dev.assetstore.http.io.ResponseOutputStream;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.zip.ZipEntrySpec;
import dev.assetstore.store.zip.ZipNames;
import dev.assetstore.store.zip.ZipWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a resolved {@link Download}: one file with validators, conditional requests and ranges
 * (zero-copy sendfile when the blob is a local file), or a STORED ZIP streamed from a virtual
 * thread with its exact Content-Length.
 */
public final class Downloads {
  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);

  /** Opens a slice of a blob (blocking). */
  @FunctionalInterface
  public interface Opener {
    InputStream open(String blobKey, long offset, long length);
  }

  private Downloads() {}

  /** Callers run this in a future callback, so a refusal (416) must reach the context here. */
  public static void send(RoutingContext ctx, Download d, Opener opener) {
    send(ctx, d, opener, IGNORED);
  }

  /**
   * Callers that count completed transfers (share links) keep the file path even for a small asset:
   * their slot is released asynchronously after the response, and the faster in-memory answer would
   * let a client's next request arrive before that (a 410 for a range fragment).
   */
  private static final Completion IGNORED = complete -> {};

  /**
   * Told once per request whether the whole representation was delivered: by the one rule of {@link
   * Delivery}, every body byte written to the connection.
   */
  @FunctionalInterface
  public interface Completion {
    void finished(boolean complete);
  }

  /**
   * As {@link #send(RoutingContext, Download, Opener)}, reporting the outcome: complete only for a
   * full 200 body that was written to the connection to its last byte, whatever the client did
   * after (not HEAD, 304, a Range fragment, or a transfer lost before its last byte).
   */
  public static void send(RoutingContext ctx, Download d, Opener opener, Completion done) {
    ApiError refused = DownloadSafety.refusal(ctx.request());
    if (refused != null) {
      done.finished(false);
      ctx.fail(refused);
      return;
    }
    try {
      switch (d) {
        case Download.Single s -> single(ctx, s, opener, done);
        case Download.Archive a -> archive(ctx, a, opener, done);
      }
    } catch (RuntimeException e) {
      done.finished(false);
      ctx.fail(e);
    }
  }

  static void single(RoutingContext ctx, Download.Single s, Opener opener, Completion done) {
    AssetRow a = s.asset();
    EncodedAsset h = EncodedAsset.of(s);
    HttpServerRequest req = ctx.request();
    HttpServerResponse resp = ctx.response();
    String etag = h.etag;
    long lastModifiedSeconds = h.lastModifiedSeconds;
    resp.putHeader(AsciiHeaders.ETAG, h.etagHeader)
        .putHeader(AsciiHeaders.LAST_MODIFIED, h.lastModified)
        .putHeader(AsciiHeaders.ACCEPT_RANGES, AsciiHeaders.BYTES)
        .putHeader(AsciiHeaders.CACHE_CONTROL, AsciiHeaders.PRIVATE_NO_CACHE);
    DownloadSafety.common(resp);
    boolean inline = DownloadSafety.inline(ctx, a.contentType());
    if (notModified(req, etag, lastModifiedSeconds)) {
      done.finished(false);
      resp.setStatusCode(304).end();
      return;
    }
    resp.putHeader(AsciiHeaders.CONTENT_TYPE, h.contentType)
        .putHeader(
            AsciiHeaders.CONTENT_DISPOSITION,
            inline ? AsciiHeaders.of(disposition(true, a.name())) : h.attachment)
        .putHeader(AsciiHeaders.REPR_DIGEST, h.reprDigest);
    Ranges.Slice slice;
    try {
      String range = req.getHeader("Range");
      slice = rangeApplies(req, etag, lastModifiedSeconds) ? Ranges.parse(range, a.size()) : null;
    } catch (Ranges.Unsatisfiable e) {
      // Fail the context: this runs in a Future callback, where a throw would be lost and the
      // request left hanging.
      done.finished(false);
      ctx.fail(
          new ApiError(
              416,
              "Requested range not satisfiable",
              Map.of("Content-Range", "bytes */" + a.size())));
      return;
    }
    long offset = 0;
    long length = a.size();
    if (slice != null) {
      offset = slice.offset();
      length = slice.length();
      resp.setStatusCode(206).putHeader("Content-Range", slice.contentRange(a.size()));
    }
    if (req.method() == HttpMethod.HEAD) {
      done.finished(false);
      resp.putHeader("Content-Length", Long.toString(length)).end();
      return;
    }
    boolean full = slice == null;
    if (s.smallBody() != null && done == IGNORED) {
      // A small asset from memory: headers and body in one write.
      Delivery delivery = new Delivery(length, complete -> done.finished(full && complete));
      resp.putHeader(AsciiHeaders.CONTENT_LENGTH, AsciiHeaders.of(Long.toString(length)));
      delivery.track(resp.end(h.body((int) offset, (int) length)), length);
      delivery.seal();
      return;
    }
    if (s.localPath() != null) {
      Delivery delivery = new Delivery(length, complete -> done.finished(full && complete));
      delivery
          .track(resp.sendFile(s.localPath().toString(), offset, length), length)
          .onFailure(ctx::fail);
      delivery.seal();
      return;
    }
    long off = offset;
    long len = length;
    resp.putHeader("Content-Length", Long.toString(length));
    stream(
        ctx,
        length,
        out -> {
          try (InputStream in = opener.open(a.blobKey(), off, len)) {
            in.transferTo(out);
          }
        },
        complete -> done.finished(full && complete));
  }

  /** Opens a whole stored blob (blocking). */
  @FunctionalInterface
  public interface WholeBlob {
    InputStream open() throws Exception;
  }

  /**
   * Sends a whole stored blob whose headers the caller has set (previews): zero-copy from {@code
   * localPath} when the backend has one, else streamed. Nothing is counted.
   */
  public static void sendBlob(RoutingContext ctx, Path localPath, long length, WholeBlob blob) {
    HttpServerResponse resp = ctx.response();
    if (localPath != null) {
      resp.sendFile(localPath.toString(), 0, length).onFailure(ctx::fail);
      return;
    }
    resp.putHeader(AsciiHeaders.CONTENT_LENGTH, Long.toString(length));
    stream(
        ctx,
        length,
        out -> {
          try (InputStream in = blob.open()) {
            in.transferTo(out);
          }
        },
        IGNORED);
  }

  static void archive(RoutingContext ctx, Download.Archive a, Opener opener, Completion done) {
    HttpServerResponse resp = ctx.response();
    resp.putHeader("Content-Type", "application/zip")
        .putHeader("Content-Disposition", disposition(false, a.filename()))
        .putHeader("Content-Length", Long.toString(a.length()))
        .putHeader("Cache-Control", "private, no-cache");
    DownloadSafety.common(resp);
    if (ctx.request().method() == HttpMethod.HEAD) {
      done.finished(false);
      resp.end();
      return;
    }
    stream(
        ctx,
        a.length(),
        out ->
            ZipWriter.write(
                a.entries(),
                new ZipWriter.Parts() {
                  @Override
                  public void bytes(byte[] b, int off, int len) throws java.io.IOException {
                    out.write(b, off, len);
                  }

                  @Override
                  public void body(ZipEntrySpec e) throws java.io.IOException {
                    if (e.localPath() != null && out.sendFile(e.localPath(), e.size())) {
                      return;
                    }
                    if (e.localPath() != null) {
                      try (FileChannel ch = FileChannel.open(e.localPath())) {
                        out.transferFrom(ch, 0, e.size());
                      }
                      return;
                    }
                    try (InputStream in = opener.open(e.blobKey(), 0, e.size())) {
                      ZipWriter.copyExactly(in, out, e.size());
                    }
                  }
                }),
        done);
  }

  /** A body written by blocking code on a virtual thread. */
  @FunctionalInterface
  interface Body {
    void writeTo(ResponseOutputStream out) throws Exception;
  }

  /**
   * {@code length}: the body's, as declared in Content-Length. Complete or not is the {@link
   * Delivery}'s verdict on the body's writes, never the outcome of {@code end()} or of the writer:
   * a client that has every byte may hang up before either, and is counted.
   */
  static void stream(RoutingContext ctx, long length, Body body, Completion done) {
    HttpServerResponse resp = ctx.response();
    Context context = Vertx.currentContext();
    Delivery delivery = new Delivery(length, done::finished);
    ResponseOutputStream out =
        new ResponseOutputStream(resp, context, ctx.request().connection(), delivery);
    Blocking.run(
            () -> {
              body.writeTo(out);
              out.close();
            })
        .onSuccess(
            v -> {
              Future<Void> end = resp.end();
              if (length == 0) {
                delivery.track(end, 0); // the head is all there is
              }
              delivery.seal();
            })
        .onFailure(
            e -> {
              delivery.seal();
              if (resp.headWritten()) {
                LOG.info("stream ended early ({}): {}", (Object) ctx.get("rid"), e.toString());
                resp.reset();
              } else {
                ctx.fail(e);
              }
            });
  }

  private static boolean notModified(HttpServerRequest req, String etag, long lastModified) {
    String inm = req.getHeader("If-None-Match");
    if (inm != null) {
      return noneMatchHits(inm, etag);
    }
    Long ims = parseHttpDate(req.getHeader("If-Modified-Since"));
    return ims != null && lastModified <= ims;
  }

  /** Whether an {@code If-None-Match} list names {@code etag} (weakly) or is {@code *}. */
  static boolean noneMatchHits(String ifNoneMatch, String etag) {
    for (String t : ifNoneMatch.split(",")) {
      String tag = t.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean rangeApplies(HttpServerRequest req, String etag, long lastModified) {
    String ifRange = req.getHeader("If-Range");
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"")) {
      return v.equals(etag);
    }
    Long date = parseHttpDate(v);
    return date != null && lastModified <= date;
  }

  /** Invisible characters (bidi overrides that disguise an extension) are replaced. */
  public static String disposition(boolean inline, String name) {
    String filename = ZipNames.visible(name);
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
    }
    String encoded =
        URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    return (inline ? "inline" : "attachment")
        + "; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + encoded;
  }

  /** IMF-fixdate (RFC 9110 §5.6.7): two-digit day, unlike RFC_1123_DATE_TIME's "Sat, 5 Dec". */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

  static String httpDate(long epochSeconds) {
    return IMF_FIXDATE.format(
        ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
  }

  static Long parseHttpDate(String s) {
    if (s == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    } catch (RuntimeException e) {
      return null;
    }
  }
}

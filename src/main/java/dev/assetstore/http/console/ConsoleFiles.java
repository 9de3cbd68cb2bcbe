package dev.assetstore.http.console;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Json;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The console's scripts and stylesheet under {@code /app/static/}, from the jar's {@code web/app}.
 * They are a few small text files, read once and kept with a content ETag and a gzip copy. Names
 * carry no content hash (there is no build step), so browsers revalidate each time ({@code
 * no-cache}) and get a 304 while a file is unchanged.
 */
public final class ConsoleFiles implements Handler<RoutingContext> {
  public static final String PREFIX = "/app/static/";
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private record File(String type, String etag, Buffer plain, Buffer gzip) {}

  private final Map<String, File> files = new ConcurrentHashMap<>();

  @Override
  public void handle(RoutingContext ctx) {
    String name = ctx.pathParam("*");
    int dot = name == null ? -1 : name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    if (type == null || name.equals("sw.js")) {
      missing(ctx);
      return;
    }
    File cached = files.get(name);
    if (cached != null) {
      send(ctx, cached);
      return;
    }
    // The first request for a file reads it from the jar, off the event loop.
    Blocking.call(() -> java.util.Optional.ofNullable(read(name, type)))
        .onSuccess(
            f -> {
              if (f.isEmpty()) {
                missing(ctx);
                return;
              }
              files.put(name, f.get());
              send(ctx, f.get());
            })
        .onFailure(ctx::fail);
  }

  /** A console file that does not exist (its own words: the path itself is routed). */
  static void missing(RoutingContext ctx) {
    ConsolePage.security(ctx);
    Json.send(ctx, 404, java.util.Map.of("detail", "No such file in the console"));
  }

  private static void send(RoutingContext ctx, File f) {
    ConsolePage.security(ctx);
    var res = ctx.response();
    res.putHeader("Cache-Control", "no-cache").putHeader("ETag", f.etag());
    res.putHeader("Vary", "Accept-Encoding");
    String inm = ctx.request().getHeader("If-None-Match");
    if (inm != null && inm.contains(f.etag())) {
      res.setStatusCode(304).end();
      return;
    }
    res.putHeader("Content-Type", f.type());
    String ae = ctx.request().getHeader("Accept-Encoding");
    boolean gzip = ae != null && ae.contains("gzip");
    if (gzip) {
      res.putHeader("Content-Encoding", "gzip");
    }
    res.end(gzip ? f.gzip() : f.plain());
  }

  private static File read(String name, String type) {
    try (InputStream in =
        ConsoleFiles.class.getClassLoader().getResourceAsStream("web/app/" + name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
        gz.write(bytes);
      }
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      String etag =
          "\""
              + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22)
              + "\"";
      return new File(type, etag, Buffer.buffer(bytes), Buffer.buffer(z.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code GET /app/sw.js}: the service worker, served at the console's root for its scope. */
  public static void serviceWorker(RoutingContext ctx) {
    ConsolePage.security(ctx);
    ctx.response()
        .putHeader("Content-Type", "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile("web/app/sw.js")
        .onFailure(ctx::fail);
  }
}

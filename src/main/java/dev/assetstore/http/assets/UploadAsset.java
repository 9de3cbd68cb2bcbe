package dev.assetstore.http.assets;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.http.ErrorMapper;
import dev.assetstore.http.Json;
import dev.assetstore.http.Limits;
import dev.assetstore.http.LowerLayerFailures;
import dev.assetstore.http.Params;
import dev.assetstore.http.Views;
import dev.assetstore.http.io.ReadStreamInputStream;
import dev.assetstore.http.multipart.MultipartScanner;
import dev.assetstore.http.multipart.PartHeaders;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.assets.StoredFile;
import dev.assetstore.store.assets.UploadForm;
import dev.assetstore.store.assets.UploadTarget;
import dev.assetstore.store.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * {@code POST /api/store/asset/upload} — asset.upload. The query is checked before the body is read
 * (and before {@code 100 Continue}); the body is parsed by our own {@link MultipartScanner} as it
 * arrives and the file part streams to the blob store as slices of the received chunks; the record
 * is written only after the whole request has been received and checked.
 */
public final class UploadAsset implements Handler<RoutingContext> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UploadAsset.class);

  /** Room for the multipart framing and the small form fields around the file. */
  public static final long FORM_OVERHEAD = 1024 * 1024;

  private final AssetService assets;

  public UploadAsset(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.pause();
    String length = req.getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > assets.maxUploadBytes() + FORM_OVERHEAD) {
          refuse(ctx, assets.tooLarge());
          return;
        }
      } catch (NumberFormatException e) {
        refuse(ctx, new ApiError(400, "Invalid Content-Length"));
        return;
      }
    }
    String type = req.getHeader("Content-Type");
    String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!base.equals("multipart/form-data")) {
      // Not a form at all: there is no file part (FastAPI's answer is the same 422).
      refuse(ctx, ValidationError.of("body", "file", "Field required", "missing"));
      return;
    }
    String boundary = MultipartScanner.boundaryOf(type);
    var query = Params.query(ctx);
    Blocking.call(() -> assets.uploadTarget(query))
        .onSuccess(
            target -> {
              // After the query's checks, as before: an unknown folder is 404 whatever the body.
              if (boundary == null) {
                refuse(ctx, new ApiError(400, "Malformed multipart/form-data request"));
              } else {
                new Receive(ctx, target, boundary).start();
              }
            })
        .onFailure(e -> refuse(ctx, e));
  }

  private static void refuse(RoutingContext ctx, Throwable e) {
    ctx.put(ErrorMapper.CLOSE_AFTER, true);
    ctx.fail(e);
  }

  /** The state of one upload while its body arrives. */
  private final class Receive implements UploadParts.FileSink {
    private final RoutingContext ctx;
    private final HttpServerRequest req;
    private final UploadTarget target;
    private final Principal principal;
    private final MessageDigest bodySha;
    private final UploadParts parts = new UploadParts(this);
    private final MultipartScanner scanner;
    private final long maxBodyBytes = assets.maxUploadBytes() + FORM_OVERHEAD;
    private long received;
    private ReadStreamInputStream bridge;
    private Future<StoredFile> file;
    private String filename;
    private String partType;
    private boolean finished;
    private boolean committing;

    Receive(RoutingContext ctx, UploadTarget target, String boundary) {
      this.ctx = ctx;
      this.req = ctx.request();
      this.target = target;
      this.principal = Authenticate.principal(ctx);
      this.bodySha = req.getHeader("Content-Digest") == null ? null : sha256();
      this.scanner = new MultipartScanner(boundary, Limits.MAX_FORM_FIELD_BYTES, parts);
    }

    void start() {
      req.handler(this::chunk);
      req.exceptionHandler(this::aborted);
      req.endHandler(v -> ended());
      if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
        ctx.response().writeContinue();
      }
      req.resume();
    }

    private void chunk(Buffer b) {
      if (finished) {
        return;
      }
      received += b.length();
      try {
        if (received > maxBodyBytes) {
          // Parts other than the file are not counted by the file's limit: bound them all.
          throw assets.tooLarge();
        }
        if (bodySha != null) {
          bodySha.update(((BufferInternal) b).getByteBuf().nioBuffer());
        }
        scanner.feed(b);
      } catch (RuntimeException e) {
        // ApiError for the client's mistakes; anything else is ours, and a 500 rather than a hang
        fail(e);
      }
    }

    @Override
    public void begin(PartHeaders headers) {
      filename = headers.filename();
      partType = headers.contentType();
      bridge = new ReadStreamInputStream(req, Vertx.currentContext());
      file = Blocking.call(() -> assets.storeBytes(bridge));
      file.onFailure(this::fail);
    }

    @Override
    public void data(Buffer bytes) {
      bridge.onData(bytes);
    }

    @Override
    public void end() {
      bridge.onEnd();
    }

    private void ended() {
      if (finished) {
        return;
      }
      try {
        // Every chunk has been scanned by now: the end waits behind them while paused.
        scanner.finish();
      } catch (ApiError e) {
        fail(e);
        return;
      }
      if (file == null) {
        fail(ValidationError.of("body", "file", "Field required", "missing"));
        return;
      }
      commit();
    }

    private void commit() {
      UploadForm form =
          new UploadForm(
              filename,
              partType,
              parts.fields(),
              req.getHeader("Repr-Digest"),
              req.getHeader("Content-Digest"),
              bodySha == null ? null : bodySha.digest());
      committing = true;
      file.compose(f -> Blocking.call(() -> assets.commitUpload(principal, target, f, form)))
          .onSuccess(
              rec -> {
                finished = true;
                ctx.response().putHeader("Location", "/api/store/asset/" + rec.row().id());
                Json.send(ctx, 201, Views.asset(rec, true));
              })
          .onFailure(this::fail);
    }

    private void aborted(Throwable t) {
      LOG.info("upload aborted ({}): {}", (Object) ctx.get("rid"), t.toString());
      // A limit reported below us says so (413); anything else is a broken body.
      Throwable limit = LowerLayerFailures.translate(t);
      fail(
          limit instanceof ApiError
              ? limit
              : new ApiError(400, "Malformed or interrupted multipart body"));
    }

    private void fail(Throwable t) {
      if (finished) {
        return;
      }
      finished = true;
      if (bridge != null) {
        bridge.onError(t);
      }
      if (!req.isEnded()) {
        ctx.put(ErrorMapper.CLOSE_AFTER, true);
      }
      // Bytes stored (or still being stored) for a request that failed are removed before the
      // answer, so a client that sees the error sees nothing stored.
      Future<Void> cleaned =
          file == null || committing
              ? Future.succeededFuture()
              : file.transform(
                  r ->
                      r.succeeded()
                          ? Blocking.run(() -> assets.discard(r.result()))
                          : Future.succeededFuture());
      cleaned.onComplete(
          r -> {
            if (!ctx.response().ended() && !ctx.failed()) {
              ctx.fail(t);
            }
          });
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

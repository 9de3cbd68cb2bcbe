package dev.assetstore.http.assets;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.http.ErrorMapper;
import dev.assetstore.http.Json;
import dev.assetstore.http.LowerLayerFailures;
import dev.assetstore.http.Params;
import dev.assetstore.http.Views;
import dev.assetstore.http.io.ReadStreamInputStream;
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
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * {@code POST /api/store/asset/upload} — asset.upload. The query is checked before the body is read
 * (and before {@code 100 Continue}); the file part streams to the blob store while it arrives; the
 * record is written only after the whole request has been received and checked.
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
    var query = Params.query(ctx);
    Blocking.call(() -> assets.uploadTarget(query))
        .onSuccess(
            target -> {
              try {
                new Receive(ctx, target).start();
              } catch (RuntimeException e) {
                // e.g. a multipart Content-Type without a usable boundary; a throw here would be
                // lost in the Future callback and leave the request hanging.
                refuse(ctx, new ApiError(400, "Malformed multipart/form-data request"));
              }
            })
        .onFailure(e -> refuse(ctx, e));
  }

  private static void refuse(RoutingContext ctx, Throwable e) {
    ctx.put(ErrorMapper.CLOSE_AFTER, true);
    ctx.fail(e);
  }

  /** The state of one upload while its body arrives. */
  private final class Receive {
    private final RoutingContext ctx;
    private final HttpServerRequest req;
    private final UploadTarget target;
    private final Principal principal;
    private final MessageDigest bodySha;
    private ReadStreamInputStream bridge;
    private Future<StoredFile> file;
    private String filename;
    private String partType;
    private boolean finished;
    private boolean committing;
    private boolean partEnded;
    private boolean requestEnded;

    Receive(RoutingContext ctx, UploadTarget target) {
      this.ctx = ctx;
      this.req = ctx.request();
      this.target = target;
      this.principal = Authenticate.principal(ctx);
      this.bodySha = req.getHeader("Content-Digest") == null ? null : sha256();
    }

    void start() {
      req.setExpectMultipart(true);
      if (bodySha != null) {
        req.handler(b -> bodySha.update(b.getBytes()));
      }
      req.uploadHandler(this::part);
      req.exceptionHandler(this::aborted);
      req.endHandler(v -> ended());
      if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
        ctx.response().writeContinue();
      }
      req.resume();
    }

    private void part(HttpServerFileUpload up) {
      if (!"file".equals(up.name()) || file != null) {
        up.handler(b -> {});
        return;
      }
      filename = up.filename();
      partType = up.contentType();
      bridge = new ReadStreamInputStream(up, Vertx.currentContext());
      up.handler(bridge::onData);
      up.endHandler(
          v -> {
            partEnded = true;
            if (requestEnded) {
              commit();
            }
            bridge.onEnd();
          });
      up.exceptionHandler(bridge::onError);
      file = Blocking.call(() -> assets.storeBytes(bridge));
      file.onFailure(this::fail);
    }

    private void ended() {
      if (finished) {
        return;
      }
      if (file == null) {
        fail(ValidationError.of("body", "file", "Field required", "missing"));
        return;
      }
      requestEnded = true;
      if (!partEnded) {
        // Under backpressure the part's last chunks and its end are still queued behind the
        // paused upload; they arrive as the blob write drains them. If instead the body ended
        // inside the part (no closing boundary), nothing more will come: watch for that.
        watchForTruncation();
        return;
      }
      commit();
    }

    /**
     * Fails the upload with 400 once the file part has stopped moving: the reader is not paused,
     * nothing is queued, and no byte arrived for a whole tick.
     */
    private void watchForTruncation() {
      var vertx = ctx.vertx();
      long[] lastSeen = {-1};
      vertx.setPeriodic(
          250,
          id -> {
            if (partEnded || finished) {
              vertx.cancelTimer(id);
              return;
            }
            long seen = bridge.delivered();
            if (bridge.idle() && seen == lastSeen[0]) {
              vertx.cancelTimer(id);
              // Its bytes are discarded by the failing blob write.
              fail(new ApiError(400, "Malformed or interrupted multipart body"));
            }
            lastSeen[0] = seen;
          });
    }

    private void commit() {
      if (finished || committing) {
        return;
      }
      UploadForm form =
          new UploadForm(
              filename,
              partType,
              Params.form(req.formAttributes()),
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
      if (bridge != null) {
        bridge.onError(t);
      }
      if (file != null && !committing) {
        // Bytes stored but the request broke before its end: remove them.
        file.onSuccess(f -> Blocking.run(() -> assets.discard(f)));
      }
      // A form over its limits says so (413); anything else is a broken body.
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
      if (!ctx.response().ended() && !ctx.failed()) {
        ctx.fail(t);
      }
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

package dev.assetstore.http.tus;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.http.ErrorMapper;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.uploads.Checksum;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PATCH /api/store/asset/tus/{id}} — upload.append: one piece at the upload's offset. The
 * headers are checked (and any earlier writer ended) before the body is read; the body streams to
 * storage as it arrives, and a piece cut off keeps what arrived.
 */
public final class PatchUpload implements Handler<RoutingContext> {
  private final UploadService uploads;

  public PatchUpload(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var req = ctx.request();
    var principal = Authenticate.principal(ctx);
    String id = ctx.pathParam("id");
    TusWire.common(ctx.response());
    Dialect d;
    long offset;
    Long length;
    Checksum checksum;
    try {
      d = Dialect.of(req);
      if (!TusWire.contentType(req).equals(d.pieceType())) {
        throw new ApiError(415, "A piece must be sent as " + d.pieceType());
      }
      Long o = TusWire.number(req, "Upload-Offset");
      if (o == null) {
        throw new ApiError(400, "Upload-Offset is required");
      }
      offset = o;
      length = TusWire.number(req, "Content-Length");
      checksum = Checksum.parse(req.getHeader("Upload-Checksum"));
      if (d == Dialect.IETF) {
        Dialect.uploadComplete(req);
      }
    } catch (ApiError e) {
      refuse(ctx, e);
      return;
    }
    Blocking.call(() -> uploads.beginAppend(principal, id, offset, length, checksum))
        .onSuccess(
            append ->
                PieceReceiver.receive(ctx, append, d)
                    .onSuccess(o -> PieceAnswer.send(ctx, d, o, null))
                    .onFailure(e -> PieceReceiver.fail(ctx, e)))
        .onFailure(e -> refuse(ctx, e));
  }

  static void refuse(RoutingContext ctx, Throwable e) {
    ctx.put(ErrorMapper.CLOSE_AFTER, true);
    ctx.fail(e);
  }
}

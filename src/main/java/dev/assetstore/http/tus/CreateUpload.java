package dev.assetstore.http.tus;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.http.Params;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.uploads.Checksum;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/store/asset/tus/} — upload.create. Everything about the future asset is checked
 * here, before any byte is accepted; a body (tus creation-with-upload, or the IETF draft's
 * creation) is the first piece.
 */
public final class CreateUpload implements Handler<RoutingContext> {
  private final UploadService uploads;

  public CreateUpload(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    var principal = Authenticate.principal(ctx);
    TusWire.common(ctx.response());
    Dialect d;
    long length;
    Long bodyLength;
    boolean withBody;
    Checksum checksum;
    Map<String, String> metadata;
    try {
      d = Dialect.of(req);
      bodyLength = TusWire.number(req, "Content-Length");
      Long declared = TusWire.number(req, "Upload-Length");
      checksum = Checksum.parse(req.getHeader("Upload-Checksum"));
      if (d == Dialect.TUS) {
        if (declared == null) {
          throw new ApiError(
              400,
              req.getHeader("Upload-Defer-Length") != null
                  ? "Upload-Defer-Length is not supported; send Upload-Length"
                  : "Upload-Length is required");
        }
        metadata = TusWire.metadata(req.getHeader("Upload-Metadata"));
        String type = TusWire.contentType(req);
        withBody = type.equals(TusWire.OFFSET_TYPE);
        if (!withBody && bodyLength != null && bodyLength > 0) {
          throw new ApiError(415, "A piece must be sent as " + TusWire.OFFSET_TYPE);
        }
      } else {
        Boolean complete = Dialect.uploadComplete(req);
        if (complete == null) {
          throw new ApiError(400, "Upload-Complete is required");
        }
        if (declared == null && complete && bodyLength != null) {
          declared = bodyLength;
        }
        if (declared == null) {
          throw new ApiError(400, "Upload-Length (or a complete body) is required");
        }
        metadata = queryMetadata(ctx);
        String type = req.getHeader("Content-Type");
        if (!metadata.containsKey("filetype")
            && type != null
            && !TusWire.contentType(req).equals(Dialect.PARTIAL_UPLOAD_TYPE)) {
          // The draft's creation body is the representation itself, with its own type.
          metadata.put("filetype", type);
        }
        withBody = true;
      }
      length = declared;
      if (withBody && bodyLength != null && bodyLength > length) {
        throw new ApiError(413, "The body is longer than Upload-Length");
      }
    } catch (ApiError e) {
      PatchUpload.refuse(ctx, e);
      return;
    }
    Blocking.call(() -> uploads.create(principal, length, metadata))
        .onSuccess(
            s -> {
              String location = TusWire.BASE + s.id();
              if (!withBody && length > 0) {
                var resp = ctx.response();
                resp.putHeader("Location", location);
                resp.putHeader("Upload-Offset", "0");
                resp.putHeader("Upload-Expires", TusWire.httpDate(s.expiresMicros()));
                resp.setStatusCode(201).end();
                return;
              }
              if (d == Dialect.IETF) {
                ResumptionSupported.announce(req, location, uploads);
              }
              Blocking.call(() -> uploads.beginAppend(principal, s.id(), 0, bodyLength, checksum))
                  .onSuccess(
                      append ->
                          PieceReceiver.receive(ctx, append, d)
                              .onSuccess(o -> PieceAnswer.send(ctx, d, o, location))
                              .onFailure(e -> PieceReceiver.fail(ctx, e)))
                  .onFailure(e -> PatchUpload.refuse(ctx, e));
            })
        .onFailure(e -> PatchUpload.refuse(ctx, e));
  }

  /** The IETF draft has no metadata header: the asset's fields come in the query. */
  private static Map<String, String> queryMetadata(RoutingContext ctx) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : Params.query(ctx).entrySet()) {
      if (!e.getValue().isEmpty()) {
        m.put(e.getKey(), e.getValue().getLast());
      }
    }
    return m;
  }
}

package dev.assetstore.http.tus;

import dev.assetstore.store.ApiError;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;

/**
 * Which protocol a request speaks on the shared upload resources: tus 1.0.0 (it sends {@code
 * Tus-Resumable}) or the IETF "Resumable Uploads for HTTP" draft (it sends {@code
 * Upload-Draft-Interop-Version}). The differences are in headers and in the answer that completes
 * an upload; the state machine behind them is one.
 */
enum Dialect {
  TUS,
  IETF;

  /** draft-ietf-httpbis-resumable-upload-12's interop version, and the earlier ones we accept. */
  static final String INTEROP_VERSION = "9";

  static final Set<String> INTEROP_ACCEPTED = Set.of("6", "7", "8", "9");
  static final String PARTIAL_UPLOAD_TYPE = "application/partial-upload";

  /** The dialect of a request; 412 for one that speaks neither (or another tus version). */
  static Dialect of(HttpServerRequest req) {
    String interop = req.getHeader("Upload-Draft-Interop-Version");
    if (interop != null && req.getHeader("Tus-Resumable") == null) {
      if (!INTEROP_ACCEPTED.contains(interop.trim())) {
        throw new ApiError(
            412, "Upload-Draft-Interop-Version " + interop.trim() + " is not supported");
      }
      return IETF;
    }
    String tus = req.getHeader("Tus-Resumable");
    if (!TusWire.VERSION.equals(tus == null ? null : tus.trim())) {
      throw new ApiError(
          412,
          "Tus-Resumable: " + TusWire.VERSION + " (or Upload-Draft-Interop-Version) is required",
          java.util.Map.of("Tus-Version", TusWire.VERSION));
    }
    return TUS;
  }

  /** {@code Upload-Limit} (the draft's), sent on OPTIONS, 104 and HEAD. */
  static void limit(HttpServerResponse resp, UploadService uploads) {
    resp.putHeader("Upload-Limit", "max-size=" + uploads.settings().maxBytes());
  }

  /** What HEAD adds in this dialect. */
  void headStatus(HttpServerResponse resp, UploadService.Status s, UploadService uploads) {
    if (this == IETF) {
      resp.putHeader("Upload-Complete", s.complete() ? "?1" : "?0");
      resp.putHeader("Upload-Draft-Interop-Version", INTEROP_VERSION);
      limit(resp, uploads);
    }
  }

  /** The content type a piece must have in this dialect (415 otherwise). */
  String pieceType() {
    return this == TUS ? TusWire.OFFSET_TYPE : PARTIAL_UPLOAD_TYPE;
  }

  /** {@code Upload-Complete: ?1 / ?0} (RFC 8941 boolean); null when absent, 400 when malformed. */
  static Boolean uploadComplete(HttpServerRequest req) {
    String v = req.getHeader("Upload-Complete");
    if (v == null) {
      return null;
    }
    return switch (v.trim()) {
      case "?1" -> true;
      case "?0" -> false;
      default -> throw new ApiError(400, "Upload-Complete must be ?1 or ?0");
    };
  }
}

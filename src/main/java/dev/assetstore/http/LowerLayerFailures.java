package dev.assetstore.http;

import dev.assetstore.store.ApiError;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.ext.web.handler.HttpException;

/**
 * Failures raised below our handlers — Netty's form decoder, vertx-web's routing — as the
 * contract's errors: a form over its limits is 413, a malformed one 400, and a vertx-web 4xx keeps
 * its status. Anything else is left alone (and is a 500 the fuzz test would catch).
 */
public final class LowerLayerFailures {
  private LowerLayerFailures() {}

  public static Throwable translate(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
        return new ApiError(
            413, "Too many form fields or parts (at most " + Limits.MAX_FORM_FIELDS + ")");
      }
      if (c instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || (c instanceof java.io.IOException
              && String.valueOf(c.getMessage()).contains("exceed allowed maximum capacity"))) {
        return new ApiError(
            413, "A form field is larger than " + Limits.MAX_FORM_FIELD_BYTES + " bytes");
      }
    }
    if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
      return new ApiError(400, "Malformed form body");
    }
    if (t instanceof HttpException h && h.getStatusCode() >= 400 && h.getStatusCode() < 500) {
      return new ApiError(h.getStatusCode(), ErrorMapper.standardDetail(h.getStatusCode()));
    }
    return t;
  }
}

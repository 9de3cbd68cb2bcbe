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
        return Limits.tooManyFormFields();
      }
      if (c instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || (c instanceof java.io.IOException
              && String.valueOf(c.getMessage()).contains("exceed allowed maximum capacity"))) {
        return new ApiError(
            413, "A form field is larger than " + Limits.MAX_FORM_FIELD_BYTES + " bytes");
      }
    }
    if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException || from(t, FORM_DECODER)) {
      return new ApiError(400, "Malformed form body");
    }
    if (from(t, HTTP_DECODER)) {
      // e.g. a chunk size that is not hex: the connection is gone, but say what it was
      return new ApiError(400, "Malformed HTTP request");
    }
    if (t instanceof HttpException h && h.getStatusCode() >= 400 && h.getStatusCode() < 500) {
      return new ApiError(h.getStatusCode(), ErrorMapper.standardDetail(h.getStatusCode()));
    }
    return t;
  }

  /**
   * A failure the router tagged with a 4xx status (a missing Host header, say) is that status; a
   * Vert.x exception's message was written for the client, anything else gets the standard words.
   */
  static Throwable translate(Throwable t, int taggedStatus) {
    Throwable mapped = translate(t);
    if (mapped == t && taggedStatus >= 400 && taggedStatus < 500) {
      String detail =
          t instanceof io.vertx.core.VertxException && t.getMessage() != null
              ? t.getMessage()
              : ErrorMapper.standardDetail(taggedStatus);
      return new ApiError(taggedStatus, detail);
    }
    return mapped;
  }

  /**
   * Netty's form decoder fails on some malformed input with plain runtime exceptions (a part
   * without a name: NullPointerException; an unknown or illegal charset; a bad %-escape in a
   * urlencoded body) instead of its own decoder exception. Thrown from inside it, they are the
   * client's malformed body.
   */
  private static boolean from(Throwable t, String classPrefix) {
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < Math.min(trace.length, 12); i++) {
      if (trace[i].getClassName().startsWith(classPrefix)) {
        return true;
      }
    }
    return false;
  }

  private static final String FORM_DECODER = "io.netty.handler.codec.http.multipart.";
  private static final String HTTP_DECODER = "io.netty.handler.codec.http.HttpObjectDecoder";
}

package dev.assetstore.http.login;

import dev.assetstore.http.Limits;
import dev.assetstore.http.multipart.MultipartScanner;
import dev.assetstore.http.multipart.PartHeaders;
import dev.assetstore.store.ApiError;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a login or refresh body whole (it is small: over {@code limit} bytes, 413); {@link #fields}
 * decodes it as a form, urlencoded or multipart, the latter with our own {@link MultipartScanner}.
 * This replaces Vert.x's body handler on these routes: its multipart decoder (Netty's) lost the end
 * of a value when a read of the body ended between the CR and the LF before the next delimiter, and
 * a right password was then refused with 401.
 */
public final class FormBody implements Handler<RoutingContext> {
  private static final String BODY = "login.body";

  private final long limit;

  public FormBody(long limit) {
    this.limit = limit;
  }

  /**
   * The form's fields (the first value of a name first); empty for a body that is not a form.
   * Decoded here, on demand: the refresh route only bounds its body and never reads it.
   *
   * @throws ApiError 400 for a form that cannot be decoded, 413 for too many fields
   */
  static MultiMap fields(RoutingContext ctx) {
    Buffer body = ctx.get(BODY);
    return body == null
        ? MultiMap.caseInsensitiveMultiMap()
        : decode(ctx.request().getHeader("Content-Type"), body);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String length = req.getHeader("Content-Length");
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        declared = -1;
      }
    }
    if (declared > limit) {
      ctx.fail(413);
      return;
    }
    String expect = req.getHeader("Expect");
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue")) {
        ctx.fail(417);
        return;
      }
      ctx.response().writeContinue();
    }
    if (req.isEnded()) {
      // No body to read (none was sent): no fields.
      ctx.next();
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    req.handler(
        chunk -> {
          if (failed[0]) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            failed[0] = true;
            ctx.fail(413);
            return;
          }
          body.appendBuffer(chunk);
        });
    req.exceptionHandler(
        t -> {
          if (!failed[0]) {
            failed[0] = true;
            ctx.fail(new ApiError(400, "Malformed or interrupted request body"));
          }
        });
    req.endHandler(
        v -> {
          if (!failed[0]) {
            ctx.put(BODY, body);
            ctx.next();
          }
        });
    req.resume();
  }

  static MultiMap decode(String contentType, Buffer body) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    String base =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (base.equals("application/x-www-form-urlencoded")) {
      // Only '&' separates fields in a form, as in Netty's form decoder (not ';').
      Map<String, List<String>> params;
      try {
        params =
            QueryStringDecoder.builder()
                .hasPath(false)
                .semicolonIsNormalChar(true)
                .maxParams(Limits.MAX_FORM_FIELDS + 1)
                .build(body.toString(StandardCharsets.UTF_8))
                .parameters();
      } catch (IllegalArgumentException e) {
        // e.g. a '%' not followed by two hex digits
        throw new ApiError(400, "Malformed form body");
      }
      params.forEach(form::add);
      if (params.values().stream().mapToInt(List::size).sum() > Limits.MAX_FORM_FIELDS) {
        throw Limits.tooManyFormFields();
      }
    } else if (base.equals("multipart/form-data") && body.length() > 0) {
      String boundary = MultipartScanner.boundaryOf(contentType);
      if (boundary == null) {
        throw new ApiError(400, "Malformed multipart/form-data request");
      }
      MultipartScanner scanner =
          new MultipartScanner(boundary, Math.max(1024, body.length()), fields(form));
      scanner.feed(body);
      scanner.finish();
    }
    return form;
  }

  /** Collects the text fields; parts that carry a file are skipped, as before. */
  private static MultipartScanner.Parts fields(MultiMap form) {
    return new MultipartScanner.Parts() {
      private PartHeaders current;
      private Buffer value;
      private int count;

      @Override
      public void begin(PartHeaders headers) {
        if (++count > Limits.MAX_FORM_FIELDS) {
          throw Limits.tooManyFormFields();
        }
        current = headers.isFile() ? null : headers;
        value = Buffer.buffer();
      }

      @Override
      public void data(Buffer bytes) {
        if (current != null) {
          value.appendBuffer(bytes);
        }
      }

      @Override
      public void end() {
        if (current != null) {
          form.add(current.name(), value.toString(current.charset()));
        }
        current = null;
      }
    };
  }
}

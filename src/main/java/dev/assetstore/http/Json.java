package dev.assetstore.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.JsonLimits;
import dev.assetstore.store.NulCharacters;
import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/** JSON in and out: one mapper, FastAPI-shaped body errors. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final int MAX_DEPTH = JsonLimits.MAX_DEPTH;

  static {
    // "{...} trailing" is not JSON: reject it instead of reading the first value.
    MAPPER.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    JsonLimits.apply(MAPPER);
  }

  private Json() {}

  private static final int INITIAL_BODY = 1024;

  /**
   * Serialises straight into the response's buffer: a list page is ~50 KB, and going through {@code
   * writeValueAsBytes} first cost a builder, a {@code byte[]} and a copy into the Vert.x buffer per
   * response.
   */
  public static void send(RoutingContext ctx, int status, Object body) {
    ByteBuf bytes = Unpooled.buffer(INITIAL_BODY);
    try (OutputStream out = new ByteBufOutputStream(bytes)) {
      MAPPER.writeValue(out, body);
    } catch (IOException e) {
      ctx.fail(e);
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(BufferInternal.buffer(bytes));
  }

  /**
   * The request body as JSON: absent → missing node (the parser reports "Field required"), a
   * non-JSON content type → 415, malformed → 422 {@code json_invalid}.
   */
  public static JsonNode body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!base.equals("application/json") && !base.endsWith("+json")) {
        throw new ApiError(415, "Content-Type must be application/json");
      }
    }
    Buffer b = ctx.body().buffer();
    if (b == null || b.length() == 0) {
      return MissingNode.getInstance();
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(b.getBytes());
    } catch (java.io.IOException e) {
      throw new ValidationError(
          List.of(new Problem(List.of("body", 0), "JSON decode error", "json_invalid")));
    }
    NulCharacters.refuseIn(root);
    return root;
  }
}

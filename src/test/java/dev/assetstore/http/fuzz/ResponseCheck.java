package dev.assetstore.http.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetstore.support.RawConnection.Response;
import java.util.List;

/** What every response must satisfy, whatever was sent. */
final class ResponseCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Pieces of a Java stack trace or exception text. */
  static final List<String> TRACE_MARKERS =
      List.of("\tat ", "at dev.", "at java.", "at io.vertx", "at io.netty", "Exception");

  private ResponseCheck() {}

  /** The first broken rule, or null. */
  static String problem(boolean head, Response r) {
    if (r.status() >= 500) {
      return "server error " + r.status();
    }
    String body = r.text();
    for (String marker : TRACE_MARKERS) {
      if (body.contains(marker) && !(marker.equals("Exception") && isBundle(r))) {
        return "body contains '" + marker.replace("\t", "\\t") + "'";
      }
    }
    if (r.status() >= 400 && !head) {
      return errorBodyProblem(r);
    }
    return null;
  }

  /** Swagger UI's own JavaScript mentions exceptions; it is a file we serve, not an error. */
  private static boolean isBundle(Response r) {
    String type = String.valueOf(r.header("content-type"));
    return r.status() < 300 && (type.contains("javascript") || type.contains("css"));
  }

  /** API.md §3: a JSON body with {@code detail}, a list of problems for 422. */
  private static String errorBodyProblem(Response r) {
    String type = r.header("content-type");
    if (type == null || !type.startsWith("application/json")) {
      return "error without a JSON body (Content-Type " + type + ")";
    }
    JsonNode n;
    try {
      n = JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      return "error body is not JSON";
    }
    JsonNode detail = n == null ? null : n.get("detail");
    if (detail == null) {
      return "error body without detail";
    }
    if (r.status() == 422) {
      if (!detail.isArray() || detail.isEmpty()) {
        return "422 detail is not a list of problems";
      }
      for (JsonNode p : detail) {
        if (!p.has("loc") || !p.has("msg") || !p.has("type")) {
          return "422 problem without loc/msg/type";
        }
      }
    } else if (!detail.isTextual() || detail.asText().isBlank()) {
      return "detail is not a sentence";
    }
    return null;
  }
}

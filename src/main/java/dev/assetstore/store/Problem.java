package dev.assetstore.store;

import java.util.List;

/** One entry of a 422 body: where ({@code ["query", "limit"]}), what, and a machine type. */
public record Problem(List<Object> loc, String msg, String type) {
  public static Problem of(String where, String field, String msg, String type) {
    return new Problem(List.of(where, field), msg, type);
  }
}

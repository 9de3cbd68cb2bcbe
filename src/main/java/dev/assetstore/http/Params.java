package dev.assetstore.http;

import dev.assetstore.store.NulCharacters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query parameters as plain collections, so the store layer never sees Vert.x types. */
public final class Params {
  private Params() {}

  public static Map<String, List<String>> query(RoutingContext ctx) {
    MultiMap q = ctx.queryParams();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : q.names()) {
      out.put(name, q.getAll(name));
    }
    NulCharacters.refuseIn("query", out);
    return out;
  }

  /** A form (login, upload fields) with a NUL in a name or value is refused with 422. */
  public static void refuseNul(MultiMap form) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String name : form.names()) {
      all.put(name, form.getAll(name));
    }
    NulCharacters.refuseIn("body", all);
  }

  public static Map<String, String> form(MultiMap form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : form.names()) {
      out.put(name, form.get(name));
    }
    return out;
  }
}

package dev.assetstore.http;

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
    return out;
  }

  public static Map<String, String> form(MultiMap form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : form.names()) {
      out.put(name, form.get(name));
    }
    return out;
  }
}

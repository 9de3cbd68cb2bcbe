package dev.assetstore.http.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operations the server documents in {@code /api/openapi.json}: what the fuzzer aims at, so a
 * new endpoint is fuzzed as soon as it is documented (and {@code OpenApiConformanceTest} makes sure
 * every route is).
 */
final class ApiSpec {
  record Param(String name, String in, JsonNode schema, boolean required) {}

  record Operation(
      String id,
      String method,
      String template,
      List<Param> params,
      String bodyType,
      JsonNode bodySchema,
      boolean secured) {

    List<Param> in(String where) {
      return params.stream().filter(p -> p.in().equals(where)).toList();
    }

    boolean isList() {
      return id.endsWith(".list");
    }

    /** What the {id} of the path names: asset, folder, share, apikey, user, access-folder… */
    String pathKind() {
      if (template.contains("/access/folder/{id}")) {
        return "access-folder";
      }
      if (template.contains("/asset/{id}")) {
        return "asset";
      }
      if (template.contains("/folder/{id}")) {
        return "folder";
      }
      if (template.contains("/share/{id}")) {
        return "share";
      }
      if (template.contains("/api-keys/{id}")) {
        return "apikey";
      }
      if (template.contains("/users/{id}")) {
        return "user";
      }
      if (template.contains("{token}")) {
        return "token";
      }
      if (template.contains("{file}")) {
        return "file";
      }
      return null;
    }
  }

  final List<Operation> operations = new ArrayList<>();
  private final JsonNode doc;

  ApiSpec(JsonNode doc) {
    this.doc = doc;
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
        JsonNode op = m.getValue();
        if (!op.has("operationId")) {
          continue;
        }
        List<Param> params = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
          JsonNode r = resolve(p);
          params.add(
              new Param(
                  r.path("name").asText(),
                  r.path("in").asText(),
                  resolve(r.path("schema")),
                  r.path("required").asBoolean(false)));
        }
        String bodyType = null;
        JsonNode bodySchema = null;
        var content = op.path("requestBody").path("content");
        for (String t :
            List.of(
                "application/json", "multipart/form-data", "application/x-www-form-urlencoded")) {
          if (content.has(t)) {
            bodyType = t;
            bodySchema = resolve(content.path(t).path("schema"));
            break;
          }
        }
        operations.add(
            new Operation(
                op.path("operationId").asText(),
                m.getKey().toUpperCase(java.util.Locale.ROOT),
                path.getKey(),
                params,
                bodyType,
                bodySchema,
                !op.path("security").isEmpty()));
      }
    }
  }

  JsonNode resolve(JsonNode n) {
    JsonNode cur = n;
    for (int i = 0; i < 10 && cur.has("$ref"); i++) {
      String[] parts = cur.get("$ref").asText().substring(2).split("/");
      JsonNode t = doc;
      for (String part : parts) {
        t = t.path(part);
      }
      cur = t;
    }
    return cur;
  }
}

package dev.assetstore.http.fuzz;

import static dev.assetstore.http.fuzz.Junk.chance;
import static dev.assetstore.http.fuzz.Junk.enc;
import static dev.assetstore.http.fuzz.Junk.pick;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.http.fuzz.ApiSpec.Operation;
import dev.assetstore.http.fuzz.ApiSpec.Param;
import dev.assetstore.support.TestServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Turns (seed, index) into one {@link FuzzCase}. Each case draws from its own {@code Random}, so a
 * failing case is regenerated from the seed and its index alone, whatever ran before it.
 */
final class CaseGenerator {
  /** Operations that hash a password (Argon2id, ~50 ms of CPU each) are drawn less often. */
  private static final Map<String, Double> WEIGHTS =
      Map.of(
          "login.access_token", 0.15,
          "user.create", 0.3,
          "user.patch", 0.3,
          "share.create", 0.5,
          "share.replace", 0.5,
          "share.patch", 0.5,
          "share.get_access", 0.5);

  private final long seed;
  private final Fixtures f;
  private final long jsonLimit;
  private final List<Operation> ops;
  private final double[] cumulative;

  CaseGenerator(long seed, ApiSpec spec, Fixtures f, long jsonLimit) {
    this.seed = seed;
    this.f = f;
    this.jsonLimit = jsonLimit;
    this.ops = spec.operations;
    this.cumulative = new double[ops.size()];
    double sum = 0;
    for (int i = 0; i < ops.size(); i++) {
      sum += WEIGHTS.getOrDefault(ops.get(i).id(), 1.0);
      cumulative[i] = sum;
    }
  }

  FuzzCase generate(int index) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
    double k = r.nextDouble();
    if (k < 0.12) {
      return ProtocolJunk.make(index, r, path(r, anyOp(r)), TestServer.ADMIN_KEY);
    }
    if (k < 0.22) {
      return multipart(index, r);
    }
    if (k < 0.34) {
      return hostileJson(index, r);
    }
    if (k < 0.48) {
      return listQuery(index, r);
    }
    if (k < 0.58) {
      return pathIds(index, r);
    }
    if (k < 0.60) {
      return sizeBoundary(index, r);
    }
    return api(index, r, anyOp(r), "api");
  }

  private Operation anyOp(Random r) {
    double x = r.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return ops.get(i);
      }
    }
    return ops.getLast();
  }

  private Operation opWhere(Random r, java.util.function.Predicate<Operation> p) {
    List<Operation> c = ops.stream().filter(p).toList();
    return pick(r, c);
  }

  /** A request as the operation describes it, with some parameters and fields fuzzed. */
  private FuzzCase api(int index, Random r, Operation op, String kind) {
    String method =
        chance(r, 0.03) ? pick(r, List.of("GET", "PUT", "PATCH", "DELETE", "POST")) : op.method();
    RequestBytes q = new RequestBytes(method, path(r, op) + query(r, op));
    credentials(r, q, op);
    headers(r, q, op);
    body(r, q, op);
    return formCase(FuzzCase.of(index, kind, op.id(), q), q);
  }

  private String path(Random r, Operation op) {
    String kind = op.pathKind();
    String p = op.template();
    if (kind != null) {
      String id = Junk.pathId(r, f, kind, op.method().equals("DELETE"));
      p = p.replace("{id}", id).replace("{token}", id).replace("{file}", id);
    }
    if (p.endsWith("/") && p.length() > 1 && chance(r, 0.3)) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private String query(Random r, Operation op) {
    StringJoiner j = new StringJoiner("&");
    for (Param p : op.in("query")) {
      if (p.name().equals("filters") || !chance(r, p.required() ? 0.9 : 0.4)) {
        continue;
      }
      int reps = 1;
      if (p.schema().path("type").asText().equals("array")) {
        reps = chance(r, 0.05) ? pick(r, List.of(999, 1000, 1001)) : 1 + r.nextInt(4);
      } else if (chance(r, 0.1)) {
        reps = 2 + r.nextInt(3);
      }
      for (int i = 0; i < reps; i++) {
        j.add(enc(p.name()) + "=" + value(r, p));
      }
    }
    if (chance(r, 0.15)) {
      j.add(Junk.urlValue(r) + "=" + Junk.urlValue(r));
    }
    return j.length() == 0 ? "" : "?" + j;
  }

  private String value(Random r, Param p) {
    if (chance(r, 0.35)) {
      return Junk.urlValue(r);
    }
    JsonNode s = p.schema();
    String type = s.path("type").asText();
    return switch (p.name()) {
      case "id" -> enc(chance(r, 0.8) ? pick(r, pool("asset")) : Junk.idLike(r, f));
      case "folder" -> enc(chance(r, 0.6) ? pick(r, f.accessFolders) : pick(r, pool("folder")));
      case "access_token" -> enc(chance(r, 0.8) ? f.accessToken : Junk.pick(r, Junk.STRINGS));
      case "cursor" -> enc(cursor(r));
      case "url" -> enc(storeUrl(r));
      default -> {
        if (s.has("enum")) {
          yield enc(s.get("enum").get(r.nextInt(s.get("enum").size())).asText());
        }
        yield switch (type) {
          case "integer" -> pick(r, List.of("0", "1", "2", "50", "249", "250", "251", "-1"));
          case "boolean" -> pick(r, List.of("true", "false", "1", "0", "TRUE", "on", "maybe"));
          default -> enc(pick(r, Junk.STRINGS));
        };
      }
    };
  }

  private List<String> pool(String kind) {
    List<String> p = new ArrayList<>(f.ids.get(kind));
    p.addAll(f.victims.get(kind));
    return p;
  }

  private String storeUrl(Random r) {
    String a = pick(r, pool("asset"));
    String fo = pick(r, pool("folder"));
    return pick(
        r,
        List.of(
            "/store/folder-0/file-0.txt",
            "/store/folder-0",
            "/store/",
            "/store",
            "/store//x",
            "/store/../folder-0",
            "/store/%2e%2e/x",
            "/store/" + "a/".repeat(100),
            "/api/store/asset/" + a,
            "/api/store/folder/" + fo,
            "/api/store/asset/download?id=" + a + "&id=" + a,
            "/api/store/asset/download?id=",
            "http://localhost/store/folder-0/file-0.txt",
            "https://evil.example/api/store/asset/" + a,
            "//evil/store/x",
            "store/x",
            "/store/folder-0/file-0.txt?x=1#y",
            "/api/store/asset/" + a + "/shares",
            "/api/store/asset/" + UUID.randomUUID(),
            "javascript:alert(1)",
            pick(r, Junk.STRINGS)));
  }

  private String cursor(Random r) {
    if (f.cursors.isEmpty() || chance(r, 0.2)) {
      return pick(r, Junk.STRINGS);
    }
    String c = pick(r, new ArrayList<>(f.cursors.values()));
    return switch (r.nextInt(9)) {
      case 0 -> c;
      case 1 -> c.substring(0, r.nextInt(c.length()));
      case 2 -> c + pick(r, List.of("A", "=", ".", "..", "%"));
      case 3 -> {
        char[] a = c.toCharArray();
        int i = r.nextInt(a.length);
        a[i] = a[i] == 'A' ? 'B' : 'A';
        yield new String(a);
      }
      case 4 -> {
        int dot = c.indexOf('.');
        yield dot < 0 ? c : c.substring(dot + 1) + "." + c.substring(0, dot);
      }
      case 5 ->
          Base64.getUrlEncoder().encodeToString(JsonJunk.utf8(pick(r, JsonJunk.VALUES)))
              + "."
              + c.substring(c.indexOf('.') + 1);
      case 6 ->
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  JsonJunk.utf8("{\"s\":\"created\",\"v\":" + pick(r, JsonJunk.VALUES) + "}"));
      case 7 -> c.replace('-', '+').replace('_', '/');
      default -> c.repeat(1 + r.nextInt(50));
    };
  }

  private void credentials(Random r, RequestBytes q, Operation op) {
    double c = r.nextDouble();
    if (op.id().startsWith("share.access")) {
      if (c < 0.75) {
        q.header("Authorization", "Bearer " + f.accessToken);
      } else if (c < 0.85) {
        q.header("X-API-Key", TestServer.ADMIN_KEY);
      }
      return;
    }
    if (c < 0.72) {
      q.header(
          chance(r, 0.8) ? "X-API-Key" : "Authorization",
          chance(r, 0.8) ? TestServer.ADMIN_KEY : "Bearer " + TestServer.ADMIN_KEY);
      if (q.hasHeader("Authorization") && q.headers.getLast()[1].equals(TestServer.ADMIN_KEY)) {
        q.headers.getLast()[1] = "Bearer " + TestServer.ADMIN_KEY;
      }
    } else if (c < 0.82) {
      q.header("X-API-Key", f.limitedKey);
    } else if (c < 0.88) {
      q.header("Authorization", "Bearer " + f.accessToken);
    } else if (c < 0.94) {
      q.header(
          pick(r, List.of("X-API-Key", "Authorization")),
          pick(
              r,
              List.of(
                  "sla_live_nope",
                  "Bearer x",
                  "",
                  "Bearer " + f.accessToken + "x",
                  "Bearer " + Junk.weird(r, 30).replaceAll("[\\r\\n\\u0000]", ""))));
    }
  }

  private void headers(Random r, RequestBytes q, Operation op) {
    for (Param p : op.in("header")) {
      if (!chance(r, 0.3)) {
        continue;
      }
      String v =
          switch (p.name()) {
            case "Range" ->
                pick(
                    r,
                    List.of(
                        "bytes=0-3",
                        "bytes=-2",
                        "bytes=5-",
                        "bytes=0-0,2-3",
                        "bytes=99999-",
                        "bytes=3-1",
                        "bytes=abc",
                        "bytes=0-9223372036854775807",
                        "bytes=-9223372036854775808"));
            case "If-None-Match", "If-Range", "If-Match" ->
                pick(
                    r,
                    List.of(
                        "*",
                        "\"abc\"",
                        "W/\"x\"",
                        "\"\"",
                        "\"" + "a".repeat(64) + "\"",
                        "Tue, 01 Jan 2030 00:00:00 GMT",
                        "junk"));
            case "If-Modified-Since" ->
                pick(
                    r,
                    List.of(
                        "Tue, 01 Jan 2030 00:00:00 GMT",
                        "Thu, 01 Jan 1970 00:00:00 GMT",
                        "yesterday",
                        "Sun, 06 Nov 1994 08:49:37 GMT",
                        "Sunday, 06-Nov-94 08:49:37 GMT",
                        "Sun Nov  6 08:49:37 1994",
                        "Mon, 32 Foo 99999 99:99:99 GMT"));
            case "Repr-Digest", "Content-Digest" ->
                pick(
                    r,
                    List.of(
                        "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":",
                        "sha-256=:x:",
                        "sha-512=:AAAA:",
                        "md5=:AAAA:",
                        "sha-256=" + "A".repeat(44),
                        "",
                        ":::"));
            default -> pick(r, Junk.STRINGS).replaceAll("[\\r\\n]", "");
          };
      q.header(p.name(), v);
    }
    for (Param p : op.in("cookie")) {
      if (chance(r, 0.5)) {
        q.header(
            "Cookie",
            p.name() + "=" + pick(r, List.of("", "x", "a.b.c", "x".repeat(3000), f.accessToken)));
      }
    }
  }

  private void body(Random r, RequestBytes q, Operation op) {
    if (op.bodyType() == null) {
      if (chance(r, 0.05)) {
        q.body(JsonJunk.utf8("{\"unexpected\":true}"), "application/json");
      }
      return;
    }
    switch (op.bodyType()) {
      case "multipart/form-data" -> {
        if (op.id().startsWith("login")) {
          login(r, q);
        } else {
          var form = MultipartJunk.upload(r);
          q.body(form.body(), form.contentType());
        }
      }
      case "application/x-www-form-urlencoded" -> login(r, q);
      default -> q.body(JsonJunk.utf8(JsonJunk.object(r, op.bodySchema(), f)), jsonType(r));
    }
  }

  private void login(Random r, RequestBytes q) {
    if (chance(r, 0.4)) {
      var form = MultipartJunk.login(r, f.userNames);
      q.body(form.body(), form.contentType());
      return;
    }
    StringJoiner j = new StringJoiner("&");
    if (!chance(r, 0.1)) {
      j.add("username=" + (chance(r, 0.5) ? enc(pick(r, f.userNames)) : Junk.urlValue(r)));
    }
    if (!chance(r, 0.1)) {
      j.add("password=" + Junk.urlValue(r));
    }
    if (chance(r, 0.2)) {
      j.add("grant_type=" + Junk.urlValue(r));
    }
    if (chance(r, 0.2)) {
      j.add("scope=" + Junk.urlValue(r));
    }
    if (chance(r, 0.05)) {
      for (int i = 0; i < pick(r, List.of(63, 64, 65, 500)); i++) {
        j.add("f" + i + "=1");
      }
    }
    q.body(
        JsonJunk.utf8(j.toString()),
        chance(r, 0.9)
            ? "application/x-www-form-urlencoded"
            : pick(
                r,
                List.of(
                    "application/json",
                    "text/plain",
                    "application/x-www-form-urlencoded; charset=\u00ff")));
  }

  private String jsonType(Random r) {
    if (chance(r, 0.85)) {
      return "application/json";
    }
    return pick(
        r,
        List.of(
            "application/json; charset=utf-8",
            "application/json; charset=latin1",
            "text/plain",
            "application/vnd.fuzz+json",
            "APPLICATION/JSON",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            "",
            ";",
            "application/json;;;",
            "*/*"));
  }

  /** List endpoints: standard parameters, filters of every field and operator, cursors. */
  private FuzzCase listQuery(int index, Random r) {
    Operation op = opWhere(r, Operation::isList);
    String base = op.template();
    JsonNode table = f.filterTables.get(base);
    StringJoiner j = new StringJoiner("&");
    String[] std = {"limit", "sort_by", "sort_order", "hydrate", "include_total", "q", "cursor"};
    for (String s : std) {
      if (chance(r, 0.3)) {
        String v =
            switch (s) {
              case "limit" ->
                  pick(r, List.of("1", "250", "251", "0", "-1", "1e2", "", "9999999999"));
              case "sort_by" ->
                  table != null && chance(r, 0.6) ? pick(r, names(table)) : Junk.urlValue(r);
              case "cursor" -> enc(cursor(r));
              default ->
                  chance(r, 0.5)
                      ? pick(r, List.of("asc", "desc", "true", "false"))
                      : Junk.urlValue(r);
            };
        j.add(s + "=" + v);
      }
    }
    int filters = chance(r, 0.05) ? pick(r, List.of(32, 33, 100)) : r.nextInt(5);
    for (int i = 0; i < filters; i++) {
      j.add(filter(r, table));
    }
    RequestBytes q =
        new RequestBytes(chance(r, 0.1) ? "HEAD" : "GET", base + (j.length() == 0 ? "" : "?" + j));
    credentials(r, q, op);
    return FuzzCase.of(index, "list", op.id(), q);
  }

  private static List<String> names(JsonNode table) {
    List<String> n = new ArrayList<>();
    table.fieldNames().forEachRemaining(n::add);
    return n;
  }

  private String filter(Random r, JsonNode table) {
    if (table == null || chance(r, 0.1)) {
      return Junk.urlValue(r) + "=" + Junk.urlValue(r);
    }
    String field = pick(r, names(table));
    JsonNode meta = table.get(field);
    List<String> operators = new ArrayList<>();
    meta.path("operators").forEach(o -> operators.add(o.asText()));
    String op =
        chance(r, 0.85) && !operators.isEmpty()
            ? pick(r, operators)
            : pick(
                r,
                List.of(
                    "eq",
                    "ne",
                    "gt",
                    "gte",
                    "lt",
                    "lte",
                    "in",
                    "not_in",
                    "contains",
                    "icontains",
                    "startswith",
                    "isnull",
                    "regex",
                    "",
                    "__",
                    "EQ"));
    String name = chance(r, 0.15) && op.equals("eq") ? field : field + "__" + op;
    String type = meta.path("type").asText();
    String v;
    if (op.equals("isnull")) {
      v = pick(r, List.of("true", "false", "1", "maybe", ""));
    } else if (op.equals("in") || op.equals("not_in")) {
      int n = chance(r, 0.05) ? pick(r, List.of(250, 251)) : 1 + r.nextInt(5);
      StringJoiner vs = new StringJoiner(",");
      for (int i = 0; i < n; i++) {
        vs.add(typed(r, type));
      }
      v = vs.toString();
    } else {
      v = typed(r, type);
    }
    return enc(name) + "=" + v;
  }

  private String typed(Random r, String type) {
    if (chance(r, 0.3)) {
      return Junk.urlValue(r);
    }
    return switch (type) {
      case "integer" ->
          pick(
              r,
              List.of("0", "1", "-1", "9223372036854775807", "9223372036854775808", "1.5", "1e3"));
      case "datetime" ->
          enc(
              pick(
                  r,
                  List.of(
                      "2026-11-28T00:00:00Z",
                      "2026-11-28T00:00:00+14:00",
                      "1970-01-01T00:00:00Z",
                      "9999-12-31T23:59:59Z",
                      "2026-11-28",
                      "now")));
      case "boolean" -> pick(r, List.of("true", "false", "yes", "2"));
      case "id" -> enc(Junk.idLike(r, f));
      default -> enc(pick(r, Junk.STRINGS));
    };
  }

  /** Operations with an id in the path: every kind of wrong id. */
  private FuzzCase pathIds(int index, Random r) {
    Operation op = opWhere(r, o -> o.pathKind() != null);
    return api(index, r, op, "path-id");
  }

  /** Whole-body attacks on the JSON operations. */
  private FuzzCase hostileJson(int index, Random r) {
    Operation op = opWhere(r, o -> "application/json".equals(o.bodyType()));
    RequestBytes q = new RequestBytes(op.method(), path(r, op));
    credentials(r, q, op);
    q.body(JsonJunk.hostileBody(r, op.bodySchema(), f), jsonType(r));
    FuzzCase c = FuzzCase.of(index, "json", op.id(), q);
    return q.body.length > 64 * 1024 ? c.isolated() : c;
  }

  private FuzzCase multipart(int index, Random r) {
    // Mostly uploads: a login attempt hashes a password, the one costly thing a client can cause.
    Operation op =
        opWhere(
            r,
            chance(r, 0.2)
                ? o -> o.id().equals("login.access_token")
                : o -> "multipart/form-data".equals(o.bodyType()) && !o.id().startsWith("login"));
    RequestBytes q = new RequestBytes(op.method(), path(r, op) + query(r, op));
    credentials(r, q, op);
    if (op.id().startsWith("login")) {
      var form = MultipartJunk.login(r, f.userNames);
      q.body(form.body(), form.contentType());
    } else {
      var form = MultipartJunk.upload(r);
      q.body(form.body(), form.contentType());
    }
    if (chance(r, 0.1)) {
      q.header("Expect", "100-continue");
    }
    return formCase(FuzzCase.of(index, "multipart", op.id(), q).isolated(), q);
  }

  /**
   * A multipart body goes on its own connection. Bodies with an illegal part charset (which made
   * Netty's decoder fail outside Vert.x's error handling) are only generated for uploads, which our
   * own scanner parses and always answers.
   */
  private static FuzzCase formCase(FuzzCase c, RequestBytes q) {
    boolean multipart =
        q.headers.stream()
            .anyMatch(
                h -> h[0].equals("Content-Type") && h[1] != null && h[1].startsWith("multipart/"));
    if (!multipart || q.body == null) {
      return c;
    }
    return c.isolated();
  }

  /** JSON bodies exactly at and one byte over the limit. */
  private FuzzCase sizeBoundary(int index, Random r) {
    Operation op = opWhere(r, o -> "application/json".equals(o.bodyType()));
    RequestBytes q = new RequestBytes(op.method(), path(r, op));
    credentials(r, q, op);
    q.body(JsonJunk.sized(jsonLimit, chance(r, 0.5)), "application/json");
    return FuzzCase.of(index, "size", op.id(), q).isolated();
  }
}

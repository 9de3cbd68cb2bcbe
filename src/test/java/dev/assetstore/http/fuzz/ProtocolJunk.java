package dev.assetstore.http.fuzz;

import static dev.assetstore.http.fuzz.Junk.pick;

import java.util.List;
import java.util.Random;

/**
 * Requests that are wrong at the HTTP level: methods, versions, request targets, header syntax,
 * sizes over the limits, and bodies whose framing lies (Content-Length, chunked).
 */
final class ProtocolJunk {
  private ProtocolJunk() {}

  static final List<String> METHODS =
      List.of(
          "FOO",
          "get",
          "Get",
          "CONNECT",
          "TRACE",
          "OPTIONS",
          "PROPFIND",
          "MKCOL",
          "PRI",
          "BREW",
          "G E T",
          "GET\u0000",
          "\u00ffGET",
          "X".repeat(1000),
          "",
          "DELETE",
          "PATCH",
          "PUT",
          "POST",
          "HEAD");

  /** One protocol-level case; {@code path} is a real route to aim at. */
  static FuzzCase make(int index, Random r, String path, String apiKey) {
    RequestBytes q = new RequestBytes("GET", path);
    q.header("X-API-Key", apiKey);
    int c = r.nextInt(30);
    switch (c) {
      case 0 -> q.method = pick(r, METHODS);
      case 1 ->
          q.version =
              pick(
                  r,
                  List.of(
                      "HTTP/1.0",
                      "HTTP/2.0",
                      "HTTP/9.9",
                      "HTTX/1.1",
                      "http/1.1",
                      "HTTP/1.1 extra",
                      "HTTP/1",
                      "HTTP/01.01"));
      case 2 -> q.version = null;
      case 3 ->
          q.target =
              pick(
                  r,
                  List.of(
                      "*",
                      "http://evil.example" + path,
                      "//" + path,
                      "api/store/asset/",
                      path + "#frag",
                      path + "?a=b#c",
                      "/%2e%2e/%2e%2e/etc/passwd",
                      "/\u00ff\u00fe",
                      path + "\u0000",
                      "/" + "a/".repeat(5000)));
      case 4 -> q.target = path + " " + path;
      case 5 ->
          q.header(
              pick(
                  r,
                  List.of(
                      "NoColon",
                      "Bad Name",
                      "Ä: x",
                      "\u0000X: y",
                      "X:\u0000",
                      ": empty",
                      "X-Fold: a\r\n continued",
                      "X-Ctl: a\u0001b",
                      "X-Hi: \u00ff\u00fe")),
              null);
      case 6 -> q.header("X-Big", "a".repeat(pick(r, List.of(32_000, 32_768, 33_000, 100_000))));
      case 7 -> {
        int n = pick(r, List.of(98, 99, 100, 101, 500, 5000));
        for (int i = 0; i < n; i++) {
          q.header("X-H" + i, "v");
        }
      }
      case 8 ->
          q.target =
              path
                  + (path.contains("?") ? "&" : "?")
                  + "q="
                  + "a".repeat(pick(r, List.of(65_000, 66_000, 200_000)));
      case 9 -> q.lineEnd = "\n";
      case 10 -> q.removeHeader("Host");
      case 11 -> q.header("Host", "other.example");
      case 12 -> {
        q.method = "POST";
        q.body(JsonJunk.utf8("{}"), "application/json");
        q.header(
            "Content-Length",
            pick(r, List.of("-1", "abc", "1e3", "0x10", "99999999999999999999", " 2", "2, 2", "")));
      }
      case 13 -> {
        q.method = "POST";
        q.body(JsonJunk.utf8("{}"), "application/json");
        q.header("Content-Length", "2");
        q.header("Content-Length", "3");
      }
      case 14 -> {
        q.method = "POST";
        q.body(JsonJunk.utf8("5\r\n{\"a\":\r\n0\r\n\r\n"), "application/json");
        q.header("Transfer-Encoding", "chunked");
        q.header("Content-Length", "4");
        q.autoLength = false;
      }
      case 15 -> {
        q.method = "POST";
        q.autoLength = false;
        q.header(
            "Transfer-Encoding",
            pick(r, List.of("gzip", "chunked, gzip", "identity", "chunked;x", "xchunked")));
        q.body(JsonJunk.utf8("{}"), "application/json");
      }
      case 16 -> {
        q.method = "POST";
        q.autoLength = false;
        q.header("Transfer-Encoding", "chunked");
        if (r.nextBoolean()) {
          q.body(
              JsonJunk.utf8(
                  pick(
                      r,
                      List.of(
                          "2\r\n{}\r\n0\r\nX-Trailer: 1\r\n\r\n",
                          "2;ext=1\r\n{}\r\n0\r\n\r\n",
                          "0\r\n\r\n"))),
              "application/json");
        } else {
          // Broken chunk framing is a decoder failure mid-body: Vert.x drops the connection
          // (it offers no hook to answer), unless a handler answered before the body was read.
          q.body(
              JsonJunk.utf8(
                  pick(
                      r,
                      List.of(
                          "zz\r\n{}\r\n0\r\n\r\n",
                          "FFFFFFFFFFFFFFFFFF\r\n{}",
                          "-1\r\n\r\n",
                          "2\r\n{}XX0\r\n\r\n"))),
              "application/json");
          return FuzzCase.of(index, "protocol", "-", q).unanswerable();
        }
      }
      case 17 -> {
        q.header("Expect", pick(r, List.of("100-continue", "200-ok", "x")));
        q.method = "POST";
        q.body(JsonJunk.utf8("{}"), "application/json");
      }
      case 18 ->
          q.header(
              "Authorization",
              pick(
                  r,
                  List.of(
                      "Bearer",
                      "Bearer ",
                      "Bearer " + "a".repeat(8000),
                      "Basic Zm9vOmJhcg==",
                      "Bearer a.b.c",
                      "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                      "Bearer \u00ff",
                      "Digest x",
                      "bearer " + apiKey,
                      "Bearer " + apiKey + " extra")));
      case 19 ->
          q.header(
              "X-API-Key",
              pick(
                  r,
                  List.of(
                      "",
                      "x",
                      "sla_live_",
                      apiKey + apiKey,
                      "\u00ff\u00fe",
                      apiKey.toUpperCase())));
      case 20 ->
          q.header(
              "X-Request-Id", pick(r, List.of("", "a".repeat(65), "../x", "\u00ff", "a b", "<x>")));
      case 21 ->
          q.header(
              "Cookie",
              pick(
                  r,
                  List.of(
                      "slaunch_refresh_cookie=",
                      "slaunch_refresh_cookie=" + "a".repeat(4000),
                      "=;=;",
                      "a=b; slaunch_refresh_cookie=x.y.z",
                      "\u00ff=\u00ff")));
      case 22 ->
          q.header(
              "Content-Type",
              pick(
                  r,
                  List.of(
                      "application/json; charset=\u00ff",
                      "multipart/form-data; boundary=",
                      ";;;",
                      "/")));
      case 23 -> {
        // Pipelined: a second request on the same write.
        RequestBytes second = new RequestBytes("GET", "/health");
        byte[] a = q.build();
        byte[] b = second.build();
        return new FuzzCase(
            index,
            "protocol",
            "-",
            q.describe() + " + pipelined GET /health",
            JsonJunk.concat(a, b),
            2,
            false,
            true,
            true,
            false);
      }
      case 24 -> {
        // Content-Length shorter than the body: the rest reads as a second (garbage) request.
        q.method = "POST";
        q.body(JsonJunk.utf8("{}GARBAGE / HTTP/1.1\r\n\r\n"), "application/json");
        q.header("Content-Length", "2");
        return FuzzCase.of(index, "protocol", "-", q).isolated();
      }
      case 25 -> {
        if (r.nextBoolean()) {
          // (half as often: the server waits out the body deadline)
          q.header("Expect", "100-continue");
          q.method = "PUT";
          q.body(JsonJunk.utf8("{}"), "application/json");
          break;
        }
        // Content-Length longer than the body: the server waits, then gives up (408).
        q.method = "POST";
        q.body(JsonJunk.utf8("{}"), "application/json");
        q.header("Content-Length", "1000");
        return FuzzCase.of(index, "protocol", "-", q).isolated();
      }
      case 26 -> {
        if (r.nextBoolean()) {
          q.lineEnd = "\r\n\r\n";
          break;
        }
        // A head that never ends: the only answer is to close the connection.
        q.endHead = false;
        return FuzzCase.of(index, "protocol", "-", q).unanswerable();
      }
      case 27 -> q.target = path.replace("/api/", "/API/");
      case 28 ->
          q.header(
              "Range",
              pick(
                  r,
                  List.of(
                      "bytes=",
                      "bytes=-0",
                      "bytes=0-",
                      "bytes=5-1",
                      "bytes=99999999999999999999-",
                      "bytes=0-0,1-1",
                      "bytes=" + "0-0,".repeat(1000) + "0-0",
                      "items=0-1",
                      "bytes=-99999999999999999999")));
      default ->
          q.header(
              pick(
                  r,
                  List.of(
                      "If-None-Match",
                      "If-Modified-Since",
                      "If-Range",
                      "If-Match",
                      "Accept",
                      "Accept-Encoding",
                      "Content-Encoding")),
              pick(r, Junk.STRINGS).replace("\n", "").replace("\r", ""));
    }
    // Sent alone: the bytes may leave the connection unusable.
    return FuzzCase.of(index, "protocol", "-", q).isolated();
  }
}

package dev.assetstore.http.tus;

import dev.assetstore.support.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** Raw tus 1.0.0 requests, header by header, for the cases a client library never sends. */
final class TusHttp {
  static final String BASE = "/api/store/asset/tus/";
  final Http http;

  TusHttp(Http http) {
    this.http = http;
  }

  static String metadata(Map<String, String> pairs) {
    return pairs.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + " "
                    + Base64.getEncoder()
                        .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
        .collect(Collectors.joining(","));
  }

  Http.Resp create(long length, Map<String, String> meta) {
    return http.send(
        http.request(BASE)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", Long.toString(length))
            .header("Upload-Metadata", metadata(meta))
            .POST(BodyPublishers.noBody())
            .build());
  }

  /** Creates an upload and returns its path. */
  String created(long length, Map<String, String> meta) {
    Http.Resp r = create(length, meta);
    if (r.status() != 201) {
      throw new AssertionError("creation failed: " + r.status() + " " + r.text());
    }
    return r.header("Location");
  }

  Http.Resp head(String path) {
    return http.send(
        http.request(path)
            .header("Tus-Resumable", "1.0.0")
            .method("HEAD", BodyPublishers.noBody())
            .build());
  }

  Http.Resp patch(String path, long offset, byte[] body, String... headers) {
    HttpRequest.Builder b =
        http.request(path)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", Long.toString(offset))
            .header("Content-Type", "application/offset+octet-stream");
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return http.send(b.method("PATCH", BodyPublishers.ofByteArray(body)).build());
  }

  Http.Resp delete(String path) {
    return http.send(http.request(path).header("Tus-Resumable", "1.0.0").DELETE().build());
  }
}

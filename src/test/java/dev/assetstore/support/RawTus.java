package dev.assetstore.support;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * tus 1.0.0 by hand for the slow suites: each PATCH body is streamed from a {@link SeededContent}
 * positioned at the upload's offset, so no test ever holds a piece, let alone the file, in memory.
 */
public final class RawTus {
  public static final String BASE = "/api/store/asset/tus/";
  private final Http http;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public RawTus(Http http) {
    this.http = http;
  }

  public static String metadata(Map<String, String> pairs) {
    return pairs.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + " "
                    + Base64.getEncoder()
                        .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
        .collect(Collectors.joining(","));
  }

  /** Creates an upload and returns its path (the Location). */
  public String create(long length, Map<String, String> meta) {
    Http.Resp r =
        http.send(
            http.request(BASE)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata(meta))
                .POST(BodyPublishers.noBody())
                .build());
    if (r.status() != 201) {
      throw new AssertionError("creation failed: " + r.status() + " " + r.text());
    }
    return r.header("Location");
  }

  public Http.Resp head(String path) {
    return http.send(
        http.request(path)
            .header("Tus-Resumable", "1.0.0")
            .method("HEAD", BodyPublishers.noBody())
            .build());
  }

  /** The offset HEAD reports (fails the test on any status but 200). */
  public long offset(String path) {
    Http.Resp r = head(path);
    if (r.status() != 200) {
      throw new AssertionError("HEAD " + path + ": " + r.status());
    }
    return Long.parseLong(r.header("Upload-Offset"));
  }

  public Http.Resp delete(String path) {
    return http.send(http.request(path).header("Tus-Resumable", "1.0.0").DELETE().build());
  }

  /**
   * PATCHes the next {@code length} bytes of {@code body} (read once, streamed) at {@code offset}.
   * The response body is small (empty or a JSON AssetRead).
   */
  public HttpResponse<String> patch(String path, long offset, InputStream body, long length)
      throws Exception {
    InputStream piece = new BoundedStream(body, length);
    HttpRequest req =
        http.request(path)
            .timeout(Duration.ofMinutes(5))
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", Long.toString(offset))
            .header("Content-Type", "application/offset+octet-stream")
            .method(
                "PATCH",
                BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> piece), length))
            .build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** Bytes [offset, offset+length) of the seeded stream (seed, total), as a stream. */
  public static InputStream slice(long seed, long total, long offset, long length) {
    try {
      InputStream in = new SeededContent(seed, total);
      in.skipNBytes(offset);
      return new BoundedStream(in, length);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedStream(InputStream in, long left) {
      this.in = in;
      this.left = left;
    }

    @Override
    public int read() throws java.io.IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}

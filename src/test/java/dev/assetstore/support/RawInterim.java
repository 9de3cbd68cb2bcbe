package dev.assetstore.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Response heads read off a raw HTTP/1.1 connection, interim (1xx) ones included, which the JDK's
 * HttpClient reads past without a word: for the IETF draft's 104 (Upload Resumption Supported).
 */
public final class RawInterim {
  private RawInterim() {}

  /** A status line and its headers (names lower-cased). */
  public record Head(int status, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A request head with the admin key: {@code "Name: value"} lines after the request line. */
  public static byte[] request(String method, String path, String apiKey, String... headers) {
    StringBuilder b =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ")
            .append(apiKey)
            .append("\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The next response head; the caller reads a final response's body itself. */
  public static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    List<String> lines = new ArrayList<>();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        line.reset();
        if (l.isEmpty()) {
          break;
        }
        lines.add(l);
      } else {
        line.write(b);
      }
    }
    if (lines.isEmpty()) {
      throw new IOException("the connection ended before a response head");
    }
    Map<String, String> h = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      int colon = l.indexOf(':');
      h.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    return new Head(Integer.parseInt(lines.get(0).split(" ")[1]), h);
  }
}

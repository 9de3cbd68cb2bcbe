package dev.assetstore.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 request as bytes. Everything is written as given (ISO-8859-1 for the head, so any
 * byte can be placed in the request line or a header), which is how malformed requests are made.
 */
final class RequestBytes {
  String method;
  String target;
  String version = "HTTP/1.1";
  String lineEnd = "\r\n";
  final List<String[]> headers = new ArrayList<>();
  byte[] body;

  /** false: no Content-Length is added for the body (the case sets its own framing). */
  boolean autoLength = true;

  /** false: the head is cut off before its blank line. */
  boolean endHead = true;

  RequestBytes(String method, String target) {
    this.method = method;
    this.target = target;
    headers.add(new String[] {"Host", "127.0.0.1"});
  }

  RequestBytes header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  RequestBytes removeHeader(String name) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    return this;
  }

  boolean hasHeader(String name) {
    return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
  }

  RequestBytes body(byte[] b, String type) {
    this.body = b;
    if (type != null) {
      removeHeader("Content-Type");
      header("Content-Type", type);
    }
    return this;
  }

  RequestBytes body(String s, String type) {
    return body(s.getBytes(StandardCharsets.UTF_8), type);
  }

  byte[] build() {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target);
    if (version != null) {
      head.append(' ').append(version);
    }
    head.append(lineEnd);
    for (String[] h : headers) {
      head.append(h[0]).append(h[1] == null ? "" : ": " + h[1]).append(lineEnd);
    }
    if (autoLength && body != null && !hasHeader("Content-Length")) {
      head.append("Content-Length: ").append(body.length).append(lineEnd);
    }
    if (endHead) {
      head.append(lineEnd);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** The request line and header names, for a failure report (values can be huge). */
  String describe() {
    String t =
        target.length() > 300 ? target.substring(0, 300) + "…(" + target.length() + ")" : target;
    StringBuilder sb = new StringBuilder(method.length() > 40 ? method.substring(0, 40) : method);
    sb.append(' ').append(t).append(' ').append(version);
    if (!lineEnd.equals("\r\n")) {
      sb.append(" (LF line ends)");
    }
    if (!endHead) {
      sb.append(" (head never ends)");
    }
    for (String[] h : headers) {
      String v = h[1] == null ? "" : h[1];
      sb.append(" | ").append(h[0].length() > 40 ? h[0].substring(0, 40) + "…" : h[0]);
      sb.append(": ").append(v.length() > 80 ? v.substring(0, 80) + "…(" + v.length() + ")" : v);
    }
    if (body != null) {
      String b = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
      sb.append(" || body(").append(body.length).append("): ").append(b);
    }
    return sb.toString();
  }
}

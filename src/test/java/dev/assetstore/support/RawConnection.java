package dev.assetstore.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A keep-alive HTTP/1.1 connection that writes requests byte for byte (malformed ones included) and
 * parses each response by its framing (Content-Length, chunked, or until close). Unlike {@link
 * RawHttp} it does not wait for the server to close, so thousands of requests can share a few
 * sockets. Not thread-safe: one per client thread.
 */
public final class RawConnection implements AutoCloseable {
  private final int port;
  private final int timeoutMillis;
  private final long maxIdleNanos;
  private long lastUsed;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /**
   * {@code maxIdleMillis}: a connection idle longer is not reused (the server closes idle
   * connections; writing into one that is closing loses the request, as with any HTTP client).
   */
  public RawConnection(int port, int timeoutMillis, long maxIdleMillis) {
    this.port = port;
    this.timeoutMillis = timeoutMillis;
    this.maxIdleNanos = maxIdleMillis * 1_000_000;
  }

  /** One response; {@code closed}: the server said {@code Connection: close} or closed. */
  public record Response(int status, Map<String, String> headers, byte[] body, boolean closed) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What one exchange produced: the responses read, and whether the stream ended early. */
  public record Exchange(List<Response> responses, String problem) {}

  /**
   * Writes {@code request} and reads {@code expected} responses (a pipelined write expects more
   * than one). With {@code drain}, the connection is then half-closed and read to its end, and any
   * further responses found are returned too. A connection that fails or closes is reopened by the
   * next exchange.
   */
  public Exchange exchange(byte[] request, int expected, boolean head, boolean drain) {
    List<Response> responses = new ArrayList<>();
    try {
      if (socket != null && System.nanoTime() - lastUsed > maxIdleNanos) {
        reset();
      }
      if (socket == null) {
        open();
      }
      try {
        out.write(request);
        out.flush();
      } catch (SocketException e) {
        // The server may answer (a 413, a 431) and stop reading before the request is written.
      }
      for (int i = 0; i < expected; i++) {
        Response r = read(head);
        if (r == null) {
          reset();
          return new Exchange(responses, responses.isEmpty() ? "no response" : "closed early");
        }
        responses.add(r);
        lastUsed = System.nanoTime();
        if (r.closed()) {
          // Answered and closed (announced, or a close-delimited body): requests pipelined
          // behind this one are legitimately dropped.
          reset();
          return new Exchange(responses, null);
        }
      }
      if (drain) {
        socket.shutdownOutput();
        try {
          Response r;
          while ((r = read(head)) != null) {
            responses.add(r);
          }
        } catch (SocketTimeoutException e) {
          // nothing more came: the responses owed were read above
        }
        reset();
      }
      return new Exchange(responses, null);
    } catch (SocketTimeoutException e) {
      reset();
      return new Exchange(responses, "timed out after " + timeoutMillis + " ms");
    } catch (IOException | RuntimeException e) {
      reset();
      return new Exchange(responses, responses.isEmpty() ? "no response: " + e : "broken: " + e);
    }
  }

  private void open() throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  private void reset() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
    socket = null;
  }

  /** The next final (non-1xx) response, or null if the stream ended before a status line. */
  private Response read(boolean head) throws IOException {
    while (true) {
      String status = line();
      if (status == null) {
        return null;
      }
      if (status.isEmpty()) {
        continue;
      }
      String[] parts = status.split(" ", 3);
      // Vert.x echoes the request's protocol token ("HTTX/1.1 400 …") when it was not HTTP.
      if (parts.length < 2 || !parts[0].contains("/")) {
        throw new IOException("not a status line: " + status);
      }
      int code = Integer.parseInt(parts[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      String h;
      while ((h = line()) != null && !h.isEmpty()) {
        int c = h.indexOf(':');
        if (c > 0) {
          headers.merge(
              h.substring(0, c).trim().toLowerCase(Locale.ROOT),
              h.substring(c + 1).trim(),
              (a, b) -> a + ", " + b);
        }
      }
      if (h == null) {
        throw new IOException("response head cut off");
      }
      if (code >= 100 && code < 200) {
        continue;
      }
      boolean close =
          "close".equalsIgnoreCase(headers.get("connection")) || !parts[0].equals("HTTP/1.1");
      byte[] body;
      String length = headers.get("content-length");
      if (head || code == 204 || code == 304) {
        body = new byte[0];
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunked();
      } else if (length != null) {
        body = in.readNBytes(Integer.parseInt(length));
        if (body.length < Integer.parseInt(length)) {
          throw new IOException("response body cut off");
        }
      } else {
        body = in.readAllBytes();
        close = true;
      }
      return new Response(code, headers, body, close);
    }
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) {
        throw new IOException("chunked body cut off");
      }
      int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
      if (n == 0) {
        String t;
        while ((t = line()) != null && !t.isEmpty()) {
          // trailers
        }
        return all.toByteArray();
      }
      all.write(in.readNBytes(n));
      line();
    }
  }

  /** A CRLF- (or LF-) terminated line in ISO-8859-1; null at the end of the stream. */
  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) b);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  @Override
  public void close() {
    reset();
  }
}

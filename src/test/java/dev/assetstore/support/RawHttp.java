package dev.assetstore.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 exchange for requests the JDK client will not send (a Content-Length that
 * is a lie, HEAD responses inspected byte by byte). The request is written as given and everything
 * the server sends until it closes the connection (or the timeout) is returned.
 */
public final class RawHttp {
  private RawHttp() {}

  /** A parsed response: status, headers (lower-case names) and every byte after the head. */
  public record Raw(int status, Map<String, String> headers, byte[] rest) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(rest, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code head} (request line and headers, CRLF-terminated, without the blank line) plus
   * {@code body}, then reads until the server closes or {@code timeoutMillis} passes.
   */
  public static Raw exchange(int port, String head, byte[] body, int timeoutMillis) {
    return exchange(port, head, body, body == null ? 0 : body.length, timeoutMillis);
  }

  /**
   * As {@link #exchange(int, String, byte[], int)}, with the body sent in two writes: its first
   * {@code split} bytes with the head, the rest after a pause, so the server reads them apart.
   */
  public static Raw exchange(int port, String head, byte[] body, int split, int timeoutMillis) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMillis);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      out.write((head + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (body != null && body.length > 0) {
        try {
          out.write(body, 0, split);
          out.flush();
          if (split < body.length) {
            Thread.sleep(5);
            out.write(body, split, body.length - split);
          }
        } catch (SocketException e) {
          // the server may answer and close before reading the body
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) != -1) {
          all.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException | SocketException e) {
        // keep what arrived
      }
      return parse(all.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Raw parse(byte[] bytes) {
    int end = -1;
    for (int i = 0; i + 3 < bytes.length; i++) {
      if (bytes[i] == '\r'
          && bytes[i + 1] == '\n'
          && bytes[i + 2] == '\r'
          && bytes[i + 3] == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new AssertionError(
          "no complete response head: " + new String(bytes, StandardCharsets.UTF_8));
    }
    String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(c + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    return new Raw(status, headers, rest);
  }
}

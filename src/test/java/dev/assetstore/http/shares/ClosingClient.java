package dev.assetstore.http.shares;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A recipient's HTTP/1.1 client on a raw socket that hangs up the moment it has what it wants, as
 * Python's {@code http.client} and most scripts do: it never waits for the server to finish.
 */
final class ClosingClient {
  /** How the connection ends: a FIN ({@code close()}), or a reset ({@code SO_LINGER 0}). */
  enum Close {
    FIN,
    RST
  }

  /** The status, the declared Content-Length, and how many body bytes were read. */
  record Result(int status, long contentLength, byte[] body) {}

  private ClosingClient() {}

  /**
   * Sends {@code GET path} on a keep-alive connection, reads the head and {@code bodyBytes} body
   * bytes (all of them when negative; none, for a non-200) and closes at once.
   */
  static Result get(int port, String path, String token, long bodyBytes, Close close)
      throws IOException {
    try (Socket sock = new Socket()) {
      // A small receive window (set before connecting), so a client that stops reading stops the
      // server's writes within a few buffers.
      sock.setReceiveBufferSize(16 * 1024);
      sock.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      sock.setSoTimeout(15_000);
      if (close == Close.RST) {
        sock.setSoLinger(true, 0);
      }
      sock.getOutputStream()
          .write(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                      + token
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = new BufferedInputStream(sock.getInputStream(), 8192);
      String head = readHead(in);
      int status = Integer.parseInt(head.substring(9, 12));
      long length = -1;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      if (status != 200 || length < 0) {
        return new Result(status, length, new byte[0]);
      }
      long want = bodyBytes < 0 ? length : Math.min(bodyBytes, length);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (body.size() < want) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, want - body.size()));
        if (n < 0) {
          break;
        }
        body.write(buf, 0, n);
      }
      return new Result(status, length, body.toByteArray());
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}

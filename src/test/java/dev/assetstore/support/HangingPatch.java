package dev.assetstore.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A PATCH from a client whose connection died silently: it announces the whole body, sends the
 * first bytes, then stops sending and keeps its socket open (closing it is the cut connection).
 */
public final class HangingPatch implements AutoCloseable {
  private final Socket socket;

  private HangingPatch(Socket socket) {
    this.socket = socket;
  }

  /** The request headers of a tus 1.0.0 PATCH at offset 0. */
  public static final String TUS =
      "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
          + "Content-Type: application/offset+octet-stream\r\n";

  /** The request headers of an IETF draft append at offset 0 that completes the upload. */
  public static final String IETF =
      "Upload-Draft-Interop-Version: 9\r\nUpload-Complete: ?1\r\n"
          + "Upload-Offset: 0\r\nContent-Type: application/partial-upload\r\n";

  /**
   * PATCHes {@code body} with {@code headers} ({@link #TUS} or {@link #IETF}) to the upload at
   * {@code path} on the server at {@code port}, sending only its first {@code sent} bytes; reads of
   * the answer give up after {@code timeout} (zero: never).
   */
  public static HangingPatch start(
      int port, String path, String headers, byte[] body, int sent, Duration timeout)
      throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    try {
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = s.getOutputStream();
      String head =
          "PATCH "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
              + TestServer.ADMIN_KEY
              + "\r\n"
              + headers
              + "Content-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, sent);
      out.flush();
      return new HangingPatch(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Everything the server sent before it closed the connection. */
  public String answer() throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

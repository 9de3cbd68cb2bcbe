package dev.assetstore.http.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the server that a test can cut (every connection and the listener closed
 * at once, as a dropped network does) and bring back on the same port. Bytes towards the server are
 * paced so that an upload is still under way when the test cuts it.
 */
final class CuttableProxy implements AutoCloseable {
  private final int target;
  private final long bytesPerSecond;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  final AtomicLong upstream = new AtomicLong();
  private volatile ServerSocket listener;
  private int port;

  CuttableProxy(int target, long bytesPerSecond) throws IOException {
    this.target = target;
    this.bytesPerSecond = bytesPerSecond;
    listen(0);
  }

  int port() {
    return port;
  }

  private void listen(int p) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
    port = s.getLocalPort();
    listener = s;
    Thread.ofVirtual()
        .start(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket client = s.accept();
                  Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                  open.add(client);
                  open.add(server);
                  pipe(client, server, true);
                  pipe(server, client, false);
                } catch (IOException e) {
                  return;
                }
              }
            });
  }

  private void pipe(Socket from, Socket to, boolean paced) {
    Thread.ofVirtual()
        .start(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                long start = System.nanoTime();
                long sent = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                  out.write(buf, 0, n);
                  if (paced) {
                    sent += n;
                    upstream.addAndGet(n);
                    long due = start + sent * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                  }
                }
              } catch (IOException | InterruptedException e) {
                // the connection was cut or ended
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  /** Drops every connection and stops listening: the browser's requests fail as on a dead link. */
  void cut() {
    closeQuietly(listener);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** Listens again on the same port. */
  void restore() throws IOException {
    listen(port);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}

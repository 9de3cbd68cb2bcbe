package dev.assetstore.http.tus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the server that, once armed, forwards exactly N more bytes from client to
 * server and then cuts every connection: the server gets a FIN after those bytes (so they all
 * arrive), the client a closed socket, as when a network drops in the middle of a request.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final AtomicLong budget = new AtomicLong(-1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  CuttingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** From now on, forward {@code bytes} more client bytes, then cut. */
  void cutAfter(long bytes) {
    budget.set(bytes);
  }

  void disarm() {
    budget.set(-1);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        Thread.ofVirtual().start(() -> upstream(client, server));
        Thread.ofVirtual().start(() -> pump(server, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void upstream(Socket client, Socket server) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = client.getInputStream()) {
      OutputStream out = server.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        long left = budget.get();
        if (left >= 0 && n >= left) {
          out.write(buf, 0, (int) left);
          out.flush();
          budget.set(0);
          server.shutdownOutput();
          client.close();
          return;
        }
        if (left >= 0) {
          budget.addAndGet(-n);
        }
        out.write(buf, 0, n);
        out.flush();
      }
      server.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(server);
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side went away
    } finally {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}

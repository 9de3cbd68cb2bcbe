package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar under load: 200 slow downloads (each socket with a 4 KiB receive buffer, read a few KiB
 * at a time) and 50 slow uploads (256 KiB each trickled over 3–7 s, one after another in each of 50
 * slots) held together for 30 seconds, while a probe keeps asking for an asset's metadata; from the
 * moment all 250 are open until the load lets go, the probe's p99 must stay under 100 ms.
 * Afterwards, with every connection gone, the process must be back where it started: open file
 * descriptors ({@code /proc/<pid>/fd}) within a small margin and heap after a full GC ({@code jcmd
 * GC.run}, then {@code /metrics}) not grown. The figures are printed.
 */
class LoadIT {
  static final int DOWNLOADS = 200;
  static final int UPLOADS = 50;
  static final Duration HOLD = Duration.ofSeconds(30);
  static final Duration RAMP_UP = Duration.ofSeconds(20);
  static final long BIG = 16L * 1024 * 1024;
  static final int UPLOAD_BYTES = 256 * 1024;
  static final int FD_MARGIN = 10;
  static final long HEAP_MARGIN = 16L * 1024 * 1024;

  static ProcessServer server;
  static String bigId;
  static String probeId;

  @BeforeAll
  static void start() throws Exception {
    server =
        ProcessServer.start(
            List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
            Map.of("ASSET_STORE_MAX_UPLOAD_BYTES", Long.toString(BIG + 1)));
    Path big = Files.createTempFile("load", ".bin");
    try {
      SeededContent.writeTo(big, 1, BIG);
      Http.Resp up = server.http.http11().uploadFile("", "big.bin", big);
      assertThat(up.status()).as(up.text()).isEqualTo(201);
      bigId = up.json().get("id").asText();
    } finally {
      Files.deleteIfExists(big);
    }
    Http.Resp small = server.http.http11().upload("probe.txt", "probe".getBytes());
    assertThat(small.status()).isEqualTo(201);
    probeId = small.json().get("id").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void slowDownloadsAndUploadsDoNotStallSmallRequestsOrLeak() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // Warm the paths the probe and the load take, then take the "before" figures.
    for (int i = 0; i < 300; i++) {
      probe(client);
    }
    Snapshot before = snapshot();

    // The hold starts once every connection is open (the ramp-up is not held load) and lasts HOLD.
    AtomicLong deadline = new AtomicLong(System.nanoTime() + RAMP_UP.toNanos() + HOLD.toNanos());
    AtomicInteger downloadsOpen = new AtomicInteger();
    AtomicInteger uploadsInFlight = new AtomicInteger();
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    List<Future<Long>> downloads = new ArrayList<>();
    for (int i = 0; i < DOWNLOADS; i++) {
      downloads.add(pool.submit(() -> slowDownload(deadline, downloadsOpen)));
    }
    List<Future<Integer>> uploads = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      int n = i;
      uploads.add(pool.submit(() -> uploadsUntil(n, deadline, uploadsInFlight)));
    }

    // Probe while the load is held: from the moment all 250 connections are open until just
    // before the deadline, when the load lets go.
    List<Long> latencies = new ArrayList<>();
    List<String> slowest = new ArrayList<>();
    long loadStart = System.nanoTime();
    long heldAt = 0;
    long lastHeld = 0; // the clock at the last probe that found the whole load still in place
    int fdsDuring = 0;
    int minDownloads = DOWNLOADS;
    int minUploads = UPLOADS;
    while (System.nanoTime() < deadline.get() - 300_000_000L) {
      long t0 = System.nanoTime();
      probe(client);
      long t = System.nanoTime() - t0;
      if (heldAt == 0) {
        if (downloadsOpen.get() == DOWNLOADS && uploadsInFlight.get() == UPLOADS) {
          heldAt = System.nanoTime();
          // A second past HOLD, so the probes (which stop 0.3 s before the load does) can see
          // the load in place for the whole of HOLD.
          deadline.set(heldAt + HOLD.toNanos() + 1_000_000_000L);
        }
        continue;
      }
      latencies.add(t);
      if (t > 100_000_000L) {
        slowest.add(String.format("%.0f ms at %.1f s", t / 1e6, (t0 - loadStart) / 1e9));
      }
      minDownloads = Math.min(minDownloads, downloadsOpen.get());
      minUploads = Math.min(minUploads, uploadsInFlight.get());
      if (downloadsOpen.get() == DOWNLOADS && uploadsInFlight.get() >= UPLOADS - 5) {
        lastHeld = System.nanoTime();
      }
      if (latencies.size() % 200 == 1) {
        fdsDuring = Math.max(fdsDuring, fds());
      }
    }
    // Measured, not the span the test planned: from the first probe that saw the whole load to
    // the last that still did.
    double heldSeconds = heldAt == 0 || lastHeld == 0 ? 0 : (lastHeld - heldAt) / 1e9;

    long received = 0;
    for (Future<Long> f : downloads) {
      received += f.get(60, TimeUnit.SECONDS);
    }
    int stored = 0;
    for (Future<Integer> f : uploads) {
      stored += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    // Let the server notice the closed connections, then measure again.
    Snapshot after = settle(before);

    assertThat(heldAt).as("all 250 connections were open at once").isPositive();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double p50 = sorted[sorted.length / 2] / 1e6;
    double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6;
    double max = sorted[sorted.length - 1] / 1e6;
    System.out.printf(
        "LoadIT: held %d slow downloads and %d slow uploads together for %.1f s (after a %.1f s ramp-up); at"
            + " least %d downloads and %d uploads open at every probe; %.1f MiB downloaded, %d"
            + " uploads stored%n",
        DOWNLOADS,
        UPLOADS,
        heldSeconds,
        heldAt == 0 ? 0 : (heldAt - loadStart) / 1e9,
        minDownloads,
        minUploads,
        received / 1048576.0,
        stored);
    System.out.printf(
        "LoadIT: probes %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", sorted.length, p50, p99, max);
    System.out.printf("LoadIT: probes over 100 ms: %s%n", slowest);
    System.out.printf(
        "LoadIT: fds before %d, during %d, after %d; RSS before %d MiB, after %d MiB;"
            + " heap after GC before %.1f MiB, after %.1f MiB%n",
        before.fds,
        fdsDuring,
        after.fds,
        before.rssKb / 1024,
        after.rssKb / 1024,
        before.heapBytes / 1048576.0,
        after.heapBytes / 1048576.0);

    assertThat(server.isAlive()).isTrue();
    assertThat(heldSeconds).as("seconds the full load was held").isGreaterThanOrEqualTo(30);
    assertThat(minDownloads).as("downloads open throughout").isEqualTo(DOWNLOADS);
    assertThat(minUploads).as("uploads in flight throughout").isGreaterThanOrEqualTo(UPLOADS - 5);
    assertThat(stored).as("uploads completed while held").isGreaterThan(UPLOADS);
    assertThat(sorted.length).as("probes answered").isGreaterThan(300);
    assertThat(p99).as("probe p99 (ms) under load").isLessThan(100.0);
    assertThat(fdsDuring).as("the load was really held").isGreaterThan(before.fds + DOWNLOADS);
    assertThat(after.fds).as("open fds after").isLessThanOrEqualTo(before.fds + FD_MARGIN);
    assertThat(after.heapBytes)
        .as("heap after GC")
        .isLessThanOrEqualTo(before.heapBytes + HEAP_MARGIN);
  }

  // ---------------------------------------------------------------- load

  static void probe(HttpClient client) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                java.net.URI.create(server.http.base + "/api/store/asset/" + probeId))
            .header("X-API-Key", TestServer.ADMIN_KEY)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError("probe answered " + r.statusCode());
    }
  }

  /** Reads the big asset a few KiB at a time until the deadline, then drops the connection. */
  static long slowDownload(AtomicLong deadline, AtomicInteger open) throws IOException {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /api/store/asset/download?id="
                  + bigId
                  + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                  + TestServer.ADMIN_KEY
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = readHead(in);
      if (!head.startsWith("HTTP/1.1 200")) {
        throw new AssertionError("download answered " + head);
      }
      open.incrementAndGet();
      long read = 0;
      byte[] buf = new byte[4096];
      try {
        while (System.nanoTime() < deadline.get()) {
          int n = in.read(buf);
          if (n < 0) {
            throw new AssertionError("download ended early after " + read + " bytes");
          }
          read += n;
          sleep(100);
        }
      } finally {
        open.decrementAndGet();
      }
      return read;
    }
  }

  /**
   * One of the 50 upload slots: upload after upload, each 256 KiB trickled over 3–7 s, so 50 are in
   * flight at every moment and completions are spread out. The one still in flight at the deadline
   * is abandoned mid-body (the server must clean it up). Returns how many were stored.
   */
  static int uploadsUntil(int slot, AtomicLong deadline, AtomicInteger inFlight) throws Exception {
    Random random = new Random(slot);
    int stored = 0;
    for (int k = 0; System.nanoTime() < deadline.get(); k++) {
      byte[] data = new byte[UPLOAD_BYTES];
      random.nextBytes(data);
      long millis = 3000 + random.nextInt(4000);
      inFlight.incrementAndGet();
      try {
        if (!slowUpload(slot + "-" + k, data, millis, deadline)) {
          return stored;
        }
      } finally {
        inFlight.decrementAndGet();
      }
      stored++;
    }
    return stored;
  }

  /** Trickles one upload over {@code millis}; false if the deadline came first (abandoned). */
  static boolean slowUpload(String name, byte[] data, long millis, AtomicLong deadline)
      throws Exception {
    String boundary = "load-" + name;
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up-"
                + name
                + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket s = new Socket("127.0.0.1", server.port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/store/asset/upload HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                  + TestServer.ADMIN_KEY
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nContent-Length: "
                  + (head.length + data.length + tail.length)
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      int chunk = 16 * 1024;
      int chunks = data.length / chunk;
      for (int i = 0; i < chunks; i++) {
        if (System.nanoTime() >= deadline.get()) {
          return false;
        }
        out.write(data, i * chunk, chunk);
        out.flush();
        sleep(millis / chunks);
      }
      out.write(tail);
      out.flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
      if (!response.startsWith("HTTP/1.1 201") || !response.contains(sha)) {
        throw new AssertionError("upload " + name + " answered: " + response);
      }
      return true;
    }
  }

  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      String s = head.toString(StandardCharsets.US_ASCII);
      if (s.endsWith("\r\n\r\n")) {
        return s;
      }
    }
    throw new IOException("connection closed in the response head: " + head);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- process figures

  record Snapshot(int fds, long rssKb, long heapBytes) {}

  static int fds() {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static long rssKb() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  /** Heap in use after a full collection, as the server's own /metrics reports it. */
  static long heapAfterGc() throws Exception {
    Path jcmd =
        Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("jcmd GC.run failed: " + out);
    }
    String metrics = server.http.http11().get("/metrics").text();
    Matcher m =
        Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$")
            .matcher(metrics);
    double sum = 0;
    int found = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
      found++;
    }
    assertThat(found).as("heap pools in /metrics").isPositive();
    return (long) sum;
  }

  static Snapshot snapshot() throws Exception {
    long heap = heapAfterGc();
    return new Snapshot(fds(), rssKb(), heap);
  }

  /** Waits (up to 15 s) until fds are back near the start, then takes the figures. */
  static Snapshot settle(Snapshot before) throws Exception {
    long end = System.nanoTime() + 15_000_000_000L;
    while (fds() > before.fds + FD_MARGIN && System.nanoTime() < end) {
      sleep(250);
    }
    sleep(1000);
    return snapshot();
  }
}

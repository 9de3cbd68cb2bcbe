package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash safety: the jar runs as a separate process; 50 concurrent uploads and a recursive folder
 * delete are in flight when it is killed with SIGKILL at a moment drawn from the seed. After a
 * restart on the same data directory nothing acknowledged is lost, nothing half-done is visible,
 * the startup sweep leaves exactly one blob per record, and SQLite's integrity check passes.
 *
 * <p>Each round prints its seed; {@code -Dcrash.seed=N} replays a run (rounds use N, N+1, …). The
 * kill moment is drawn from the seed, but the server's progress at that moment depends on timing,
 * so a replay reproduces the plan, not necessarily the exact interleaving.
 */
class CrashSafetyIT {
  /** Five rounds in CI; {@code -Dcrash.rounds=N} for a longer hunt. */
  static final int ROUNDS = Integer.getInteger("crash.rounds", 5);

  static final int UPLOADS = 50;
  static final List<String> SUMMARY = new ArrayList<>();

  /**
   * Ten JVM starts on two shared cores are most of this test's time: C1 only (the server lives
   * seconds) and a class-data archive that the first start writes and the others map. Neither
   * changes what the server does, only how fast it gets going.
   */
  static final List<String> JVM =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+AutoCreateSharedArchive",
          "-XX:SharedArchiveFile=" + Path.of("target", "crash-it.jsa").toAbsolutePath());

  @TestFactory
  Stream<DynamicTest> killedMidWorkLosesNothingAcknowledged() {
    long base = Long.getLong("crash.seed", new SecureRandom().nextLong() >>> 16);
    System.out.println(
        "CrashSafetyIT: base seed " + base + " (replay with -Dcrash.seed=" + base + ")");
    return IntStream.range(0, ROUNDS)
        .mapToObj(
            r ->
                DynamicTest.dynamicTest(
                    "round " + r + " seed " + (base + r), () -> new Round(base + r).run()));
  }

  @AfterAll
  static void summary() {
    System.out.println("CrashSafetyIT summary:");
    SUMMARY.forEach(s -> System.out.println("  " + s));
  }

  /** Where an upload goes: the root, a folder that survives, or inside the subtree deleted. */
  enum Target {
    ROOT,
    KEEP,
    DOOMED,
    DOOMED_DEEP
  }

  record Upload(int index, String name, long size, Target target, long contentSeed, String sha) {}

  /** Seeded bytes, 64 KiB every 50 ms, until the kill; then the body fails. */
  static final class Trickle extends java.io.InputStream {
    private final Random random;
    private final CountDownLatch killed;
    private int left;

    Trickle(long seed, CountDownLatch killed) {
      this.random = new Random(seed);
      this.killed = killed;
    }

    @Override
    public int read() throws java.io.IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (left == 0) {
        try {
          if (killed.await(50, TimeUnit.MILLISECONDS)) {
            throw new java.io.IOException("the server was killed");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.IOException(e);
        }
        left = 64 * 1024;
      }
      int n = Math.min(len, left);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      left -= n;
      return n;
    }
  }

  /** The answer a request got before the kill; {@code status == -1}: none (connection died). */
  record Answer(int status, String body, String id) {
    static final Answer NONE = new Answer(-1, "", null);
  }

  static final class Round {
    final long seed;
    final Random random;
    final Path dir;
    final Map<Target, String> folders = new HashMap<>();
    final List<String> doomedFolderIds = new ArrayList<>();
    final Map<String, String> preexisting = new LinkedHashMap<>(); // id -> sha
    final Set<String> doomedPreexisting = new java.util.HashSet<>();
    final List<Upload> uploads = new ArrayList<>();

    Round(long seed) throws Exception {
      this.seed = seed;
      this.random = new Random(seed);
      this.dir = Files.createTempDirectory("asset-store-crash");
    }

    void run() throws Exception {
      boolean passed = false;
      try {
        runRound();
        passed = true;
      } finally {
        if (passed) {
          TestServer.deleteRecursively(dir);
        } else {
          System.out.println("CrashSafetyIT seed " + seed + " failed; data kept in " + dir);
        }
      }
    }

    private void runRound() throws Exception {
      System.out.println("CrashSafetyIT round seed " + seed);
      long t0 = System.nanoTime();
      ProcessServer first = ProcessServer.start(JVM, Map.of(), dir);
      long started = System.nanoTime();
      Answer[] answers = new Answer[UPLOADS];
      Answer deleteAnswer;
      int deleteAfterAcks;
      int killMillis;
      boolean afterDeleteAnswer;
      int ackedAtKill;
      try {
        prepare(first.http);
        planUploads();
        deleteAfterAcks = random.nextInt(UPLOADS * 3 / 4);
        // Odd seeds: shortly after the delete was answered (committed, blobs being removed,
        // uploads into the subtree refused); even seeds: anywhere from before the delete reaches
        // the server until well after.
        afterDeleteAnswer = seed % 2 != 0;
        killMillis = afterDeleteAnswer ? random.nextInt(60) : random.nextInt(1500);
        Chaos c = chaos(first, answers, deleteAfterAcks, afterDeleteAnswer, killMillis);
        deleteAnswer = c.deleteAnswer();
        ackedAtKill = c.ackedAtKill();
      } finally {
        first.kill();
      }
      long killed = System.nanoTime();
      for (int i = 0; i < UPLOADS; i++) {
        if (answers[i] == null) {
          answers[i] = Answer.NONE;
        }
      }
      String crashImage = integrity(copyOfDatabase());

      ProcessServer second = ProcessServer.start(JVM, Map.of(), dir);
      long restarted = System.nanoTime();
      Verdict v;
      try {
        v = verify(second.http, answers, deleteAnswer);
      } finally {
        second.close();
      }
      String afterRestart = integrity(dir.resolve("store.db"));
      assertThat(crashImage)
          .as("integrity_check of the database as the kill left it")
          .isEqualTo("ok");
      assertThat(afterRestart).as("integrity_check after restart and stop").isEqualTo("ok");
      assertThat(foreignKeyViolations(dir.resolve("store.db"))).isZero();

      String line =
          String.format(
              "seed %d: delete sent after %d acks, kill %d ms after it was %s (%d acks by then);"
                  + " uploads 201=%d refused=%d unanswered=%d; folder delete %s, subtree %s;"
                  + " after restart %d assets, %d blob files, %d temp files; lost acknowledged"
                  + " uploads: %d; integrity_check %s/%s; start %d ms, work %d ms, restart %d ms,"
                  + " checks %d ms",
              seed,
              deleteAfterAcks,
              killMillis,
              afterDeleteAnswer ? "answered" : "sent",
              ackedAtKill,
              v.acked,
              v.refused,
              v.unanswered,
              deleteAnswer.status == -1 ? "unanswered" : Integer.toString(deleteAnswer.status),
              v.subtreePresent ? "present" : "gone",
              v.assets,
              v.blobFiles,
              v.tempFiles,
              v.lost,
              crashImage,
              afterRestart,
              millis(started - t0),
              millis(killed - started),
              millis(restarted - killed),
              millis(System.nanoTime() - restarted));
      System.out.println("CrashSafetyIT " + line);
      synchronized (SUMMARY) {
        SUMMARY.add(line);
      }
    }

    private static long millis(long nanos) {
      return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** A folder tree with assets in it, so the recursive delete has real work to do. */
    private void prepare(Http http) {
      folders.put(Target.KEEP, folder(http, "keep", null));
      String doomed = folder(http, "doomed", null);
      String a = folder(http, "a", doomed);
      String b = folder(http, "b", a);
      String c = folder(http, "c", doomed);
      folders.put(Target.DOOMED, doomed);
      folders.put(Target.DOOMED_DEEP, b);
      doomedFolderIds.addAll(List.of(doomed, a, b, c));
      for (String f : doomedFolderIds) {
        for (int j = 0; j < 2; j++) {
          doomedPreexisting.add(preexisting(http, f, "pre-" + j + ".txt"));
        }
      }
      preexisting(http, folders.get(Target.KEEP), "pre-keep.txt");
      preexisting(http, null, "pre-root.txt");
    }

    private String folder(Http http, String name, String parent) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (parent != null) {
        body.put("parent", parent);
      }
      Http.Resp r = http.json("POST", "/api/store/folder/", body);
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      return r.json().get("id").asText();
    }

    private String preexisting(Http http, String folder, String name) {
      byte[] bytes = (name + " " + seed + " " + folder).getBytes();
      Http.Resp r = http.upload(folder == null ? "" : "?folder=" + folder, name, bytes, Map.of());
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      String id = r.json().get("id").asText();
      preexisting.put(id, sha256(bytes));
      return id;
    }

    /** Sizes from empty to several MiB; about 40 % of the uploads go into the doomed subtree. */
    private void planUploads() {
      for (int i = 0; i < UPLOADS; i++) {
        long size =
            switch (i % 10) {
              case 0 -> (2L << 20) + random.nextInt(4 << 20);
              case 1, 2, 3 -> (64L << 10) + random.nextInt(960 << 10);
              case 4 -> i == 4 ? 0 : random.nextInt(16);
              default -> random.nextInt(64 << 10);
            };
        int t = random.nextInt(10);
        Target target =
            t < 4 ? Target.ROOT : t < 6 ? Target.KEEP : t < 8 ? Target.DOOMED : Target.DOOMED_DEEP;
        long contentSeed = seed * 1_000_003L + i;
        uploads.add(
            new Upload(
                i,
                "u" + i + ".bin",
                size,
                target,
                contentSeed,
                SeededContent.sha256(contentSeed, size)));
      }
    }

    record Chaos(Answer deleteAnswer, int ackedAtKill) {}

    /**
     * Starts every upload at once and the recursive delete once {@code deleteAfterAcks} uploads
     * were answered 201, then SIGKILLs the server {@code killMillis} after the delete was sent (or
     * answered), with uploads at every stage around it.
     */
    private Chaos chaos(
        ProcessServer server,
        Answer[] answers,
        int deleteAfterAcks,
        boolean afterDeleteAnswer,
        int killMillis)
        throws Exception {
      Http http = server.http.http11();
      AtomicInteger acks = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      Answer[] deleteAnswer = {null};
      List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      for (Upload u : uploads) {
        pool.execute(
            () -> {
              String folder = folders.get(u.target());
              String query = folder == null ? "" : "?folder=" + folder;
              try {
                Http.Resp r =
                    http.upload(
                        query,
                        u.name(),
                        "application/octet-stream",
                        SeededContent.publisher(u.contentSeed(), u.size()),
                        Map.of(),
                        Map.of());
                String id = r.status() == 201 ? r.json().get("id").asText() : null;
                answers[u.index()] = new Answer(r.status(), r.text(), id);
                if (r.status() == 201) {
                  acks.incrementAndGet();
                }
              } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof java.io.IOException)) {
                  unexpected.add(u.name() + ": " + e);
                }
                answers[u.index()] = Answer.NONE; // the connection died with the server
              } catch (RuntimeException | Error e) {
                // Not the kill: a bug in the test or a malformed answer must fail the round, not
                // pass as one more request the crash cut off.
                unexpected.add(u.name() + ": " + e);
              } finally {
                done.incrementAndGet();
              }
            });
      }
      // Two uploads that trickle their bodies until the kill (one into the subtree being deleted):
      // whatever else has finished by then, the kill lands while these are mid-body.
      CountDownLatch killedLatch = new CountDownLatch(1);
      Answer[] held = new Answer[2];
      for (int h = 0; h < held.length; h++) {
        int slot = h;
        String folder = folders.get(h == 0 ? Target.KEEP : Target.DOOMED_DEEP);
        pool.execute(
            () -> {
              try {
                Http.Resp r =
                    http.upload(
                        "?folder=" + folder,
                        "held-" + slot + ".bin",
                        "application/octet-stream",
                        java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                            java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new Trickle(seed + slot, killedLatch)),
                            96L << 20), // under the 100 MiB upload limit; never reached
                        Map.of(),
                        Map.of());
                held[slot] = new Answer(r.status(), r.text(), null);
              } catch (IllegalStateException e) {
                held[slot] = Answer.NONE;
              } catch (RuntimeException | Error e) {
                unexpected.add("held upload: " + e);
              }
            });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acks.get() < deleteAfterAcks && done.get() < UPLOADS && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      CountDownLatch deleted = new CountDownLatch(1);
      pool.execute(
          () -> {
            try {
              Http.Resp r =
                  http.delete(
                      "/api/store/folder/" + folders.get(Target.DOOMED) + "?recursive=true");
              deleteAnswer[0] = new Answer(r.status(), r.text(), null);
            } catch (IllegalStateException e) {
              if (!(e.getCause() instanceof java.io.IOException)) {
                unexpected.add("delete: " + e);
              }
              deleteAnswer[0] = Answer.NONE;
            } catch (RuntimeException | Error e) {
              unexpected.add("delete: " + e);
            } finally {
              deleted.countDown();
            }
          });
      if (afterDeleteAnswer) {
        assertThat(deleted.await(30, TimeUnit.SECONDS)).as("the delete is answered").isTrue();
      }
      Thread.sleep(killMillis);
      int ackedAtKill = acks.get();
      server.kill();
      killedLatch.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS))
          .as("every request ends once the server is gone")
          .isTrue();
      assertThat(unexpected).as("requests that failed other than by the kill").isEmpty();
      // A round is a crash round only if the kill cut requests off mid-body: had everything been
      // answered before SIGKILL, it would test a clean restart.
      assertThat(held[0])
          .as("the upload trickling into a kept folder when the kill landed")
          .isEqualTo(Answer.NONE);
      // The one into the doomed subtree may only start (the pool is busy) after the delete was
      // answered: then its folder is gone and 404 is the right answer before any body is read.
      if (held[1] != Answer.NONE) {
        assertThat(held[1].status())
            .as("held upload into the deleted subtree: %s", held[1])
            .isEqualTo(404);
        assertThat(held[1].body()).contains("Folder not found");
        assertThat(deleteAnswer[0].status())
            .as("the delete went through (answered, or cut off after it committed)")
            .isIn(204, Answer.NONE.status());
      }
      long cutOff =
          java.util.Arrays.stream(answers).filter(a -> a == Answer.NONE).count()
              + (deleteAnswer[0] == Answer.NONE ? 1 : 0);
      System.out.println(
          "CrashSafetyIT seed " + seed + ": " + cutOff + " planned requests cut off by the kill");
      return new Chaos(deleteAnswer[0] == null ? Answer.NONE : deleteAnswer[0], ackedAtKill);
    }

    record Verdict(
        int acked,
        int refused,
        int unanswered,
        boolean subtreePresent,
        int assets,
        long blobFiles,
        long tempFiles,
        int lost) {}

    private Verdict verify(Http http, Answer[] answers, Answer deleteAnswer) throws Exception {
      Map<String, JsonNode> assets = new HashMap<>();
      for (JsonNode a : http.walk("/api/store/asset/?limit=250&hydrate=false")) {
        assets.put(a.get("id").asText(), a);
      }
      Set<String> folderIds = new java.util.HashSet<>();
      for (JsonNode f : http.walk("/api/store/folder/?limit=250&hydrate=false")) {
        folderIds.add(f.get("id").asText());
      }

      // The recursive delete is one transaction: the subtree is all there or all gone.
      long doomedLeft = doomedFolderIds.stream().filter(folderIds::contains).count();
      assertThat(doomedLeft).as("folders of the deleted subtree still present").isIn(0L, 4L);
      boolean subtreePresent = doomedLeft == 4;
      long preLeft = doomedPreexisting.stream().filter(assets::containsKey).count();
      assertThat(preLeft).as("assets of the subtree go with it").isEqualTo(subtreePresent ? 8 : 0);
      if (deleteAnswer.status() != -1) {
        assertThat(deleteAnswer.status()).as(deleteAnswer.body()).isEqualTo(204);
        assertThat(subtreePresent).as("a delete answered 204 was committed").isFalse();
      }
      assertThat(folderIds).contains(folders.get(Target.KEEP));
      preexisting.forEach(
          (id, sha) -> {
            if (!doomedPreexisting.contains(id)) {
              assertThat(assets).as("asset created before the crash").containsKey(id);
            }
          });

      // Every acknowledged upload survived, unless it was inside a subtree whose delete committed.
      int acked = 0;
      int refused = 0;
      int unanswered = 0;
      int lost = 0;
      Map<String, Upload> byName = new HashMap<>();
      for (Upload u : uploads) {
        byName.put(u.name(), u);
        Answer a = answers[u.index()];
        boolean inSubtree = u.target() == Target.DOOMED || u.target() == Target.DOOMED_DEEP;
        if (a.status() == 201) {
          acked++;
          assertThat(Http.JSON.readTree(a.body()).get("sha256").asText())
              .as("sha256 answered for %s", u.name())
              .isEqualTo(u.sha());
          if (!assets.containsKey(a.id()) && (subtreePresent || !inSubtree)) {
            lost++;
          }
        } else if (a.status() == -1) {
          unanswered++;
        } else {
          refused++;
          // The only legitimate refusal: the target folder was deleted while the bytes arrived.
          assertThat(inSubtree)
              .as("upload %s refused: %d %s", u.name(), a.status(), a.body())
              .isTrue();
          assertThat(a.status()).as(a.body()).isEqualTo(404);
          assertThat(subtreePresent).as("refused for a missing folder that exists").isFalse();
        }
      }
      assertThat(lost).as("acknowledged uploads lost").isZero();

      // Every record has its bytes, and they are the bytes that were sent.
      Map<String, Integer> seen = new HashMap<>();
      for (JsonNode a : assets.values()) {
        String id = a.get("id").asText();
        Http.Resp d = http.get("/api/store/asset/download?id=" + id);
        assertThat(d.status()).as("download %s", a.get("name")).isEqualTo(200);
        assertThat((long) d.body().length).isEqualTo(a.get("size").asLong());
        assertThat(sha256(d.body())).isEqualTo(a.get("sha256").asText());
        String folder = a.get("folder").isNull() ? null : a.get("folder").asText();
        if (folder != null) {
          assertThat(folderIds).as("the folder of %s", a.get("name")).contains(folder);
        }
        Upload u = byName.get(a.get("name").asText());
        if (u != null) {
          seen.merge(u.name(), 1, Integer::sum);
          assertThat(a.get("sha256").asText()).as(u.name()).isEqualTo(u.sha());
          assertThat(folder).as(u.name()).isEqualTo(folders.get(u.target()));
        } else if (preexisting.containsKey(id)) {
          assertThat(a.get("sha256").asText()).isEqualTo(preexisting.get(id));
        } else {
          throw new AssertionError("an asset nobody uploaded: " + a);
        }
      }
      seen.forEach((name, n) -> assertThat(n).as("copies of %s", name).isEqualTo(1));

      // After the startup sweep: one blob file per record, no temporary file left. The sweep
      // runs in the background after /ready (the downloads above raced it), so give it time.
      Path blobs = dir.resolve("blobs");
      long tempFiles;
      long blobFiles;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      do {
        try (Stream<Path> s = Files.walk(blobs.resolve("tmp"))) {
          tempFiles = s.filter(Files::isRegularFile).count();
        }
        try (Stream<Path> s = Files.walk(blobs)) {
          blobFiles =
              s.filter(Files::isRegularFile)
                  .filter(p -> !p.startsWith(blobs.resolve("tmp")))
                  .count();
        }
        if (blobFiles == assets.size() && tempFiles == 0) {
          break;
        }
        Thread.sleep(100);
      } while (System.nanoTime() < deadline);
      assertThat(tempFiles).as("temporary files after the sweep").isZero();
      assertThat(blobFiles).as("blob files vs records after the sweep").isEqualTo(assets.size());
      return new Verdict(
          acked, refused, unanswered, subtreePresent, assets.size(), blobFiles, tempFiles, lost);
    }

    /** The database files exactly as the kill left them, copied aside (the WAL included). */
    private Path copyOfDatabase() throws Exception {
      Path copy = Files.createDirectories(dir.resolve("crash-image"));
      for (String f : List.of("store.db", "store.db-wal")) {
        if (Files.exists(dir.resolve(f))) {
          Files.copy(dir.resolve(f), copy.resolve(f));
        }
      }
      return copy.resolve("store.db");
    }
  }

  static String integrity(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return String.join("; ", rows);
    }
  }

  static int foreignKeyViolations(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA foreign_key_check")) {
      int n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

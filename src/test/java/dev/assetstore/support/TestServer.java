package dev.assetstore.support;

import dev.assetstore.app.AssetStoreServer;
import dev.assetstore.app.Config;
import dev.assetstore.blob.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real server on a real port with a real SQLite file and blob directory in a fresh temporary data
 * directory, started in this JVM. Close it to stop it and delete the directory.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_KEY = "sla_live_test-admin-key-0123456789abcdefghijklmnop";

  private final AssetStoreServer server;
  private final Path dataDir;
  private final TestBlobStores.Storage blobs;
  private final String stdout;
  public final Http http;

  private TestServer(
      AssetStoreServer server, Path dataDir, TestBlobStores.Storage blobs, String stdout) {
    this.server = server;
    this.dataDir = dataDir;
    this.blobs = blobs;
    this.stdout = stdout;
    this.http = new Http("http://127.0.0.1:" + server.port(), ADMIN_KEY);
  }

  public AssetStoreServer server() {
    return server;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  /** Starts with the admin key set unless {@code env} says otherwise (empty string: unset). */
  public static TestServer start(Map<String, String> env) {
    try {
      Path dir = Files.createTempDirectory("asset-store-test");
      return start(dir, env);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestServer start(Path dir, Map<String, String> env) {
    return start(dir, env, java.time.Clock.systemUTC());
  }

  /** With the clock that tokens and login throttling read (e.g. a {@link ShiftClock}). */
  public static TestServer start(Map<String, String> env, java.time.Clock clock) {
    try {
      return start(Files.createTempDirectory("asset-store-test"), env, clock);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** With the server's blob store wrapped by {@code wrapBlobs} (e.g. a failing decorator). */
  public static TestServer start(Map<String, String> env, UnaryOperator<BlobStore> wrapBlobs) {
    try {
      return start(
          Files.createTempDirectory("asset-store-test"),
          env,
          java.time.Clock.systemUTC(),
          wrapBlobs);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** With both a clock and the server's blob store wrapped by {@code wrapBlobs}. */
  public static TestServer start(
      Map<String, String> env, java.time.Clock clock, UnaryOperator<BlobStore> wrapBlobs) {
    try {
      return start(Files.createTempDirectory("asset-store-test"), env, clock, wrapBlobs);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestServer start(Path dir, Map<String, String> env, java.time.Clock clock) {
    return start(dir, env, clock, UnaryOperator.identity());
  }

  private static TestServer start(
      Path dir, Map<String, String> env, java.time.Clock clock, UnaryOperator<BlobStore> wrap) {
    Map<String, String> vars = new HashMap<>();
    vars.put("ASSET_STORE_PORT", "0");
    vars.put("ASSET_STORE_HOST", "127.0.0.1");
    vars.put("ASSET_STORE_DATA_DIR", dir.toString());
    vars.put("ASSET_STORE_ADMIN_KEY", ADMIN_KEY);
    vars.putAll(TestDatabases.freshEnv());
    vars.putAll(TestBlobStores.envFor(dir));
    vars.putAll(env);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      AssetStoreServer s =
          AssetStoreServer.start(
              Config.fromEnv(vars), new PrintStream(out, true, "UTF-8"), clock, wrap);
      TestBlobStores.Storage blobs = TestBlobStores.storage(vars.get("ASSET_STORE_BLOB_URL"), dir);
      TestServer server = new TestServer(s, dir, blobs, out.toString("UTF-8"));
      server.vars = Map.copyOf(vars);
      return server;
    } catch (Exception e) {
      throw new IllegalStateException("server did not start", e);
    }
  }

  public int port() {
    return server.port();
  }

  private Map<String, String> vars = Map.of();

  /** A read-only connection to this server's database (SQLite file or PostgreSQL). */
  public java.sql.Connection database() throws java.sql.SQLException {
    return TestDatabases.connect(vars, dataDir);
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path blobDir() {
    return dataDir.resolve("blobs");
  }

  /** What the server printed on start (the bootstrap key announcement, the port). */
  public String stdout() {
    return stdout;
  }

  /**
   * Every blob the server's store holds, leftovers of interrupted writes included (files on disk,
   * or objects and incomplete multipart uploads on S3).
   */
  public long blobFileCount() {
    return blobs.count();
  }

  /** The server's blob storage, seen from outside the server. */
  public TestBlobStores.Storage blobStorage() {
    return blobs;
  }

  /** Creates a folder through the Folders API and returns its id. */
  public String createFolder(String name, String parentId) {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("name", name);
    if (parentId != null) {
      body.put("parent", parentId);
    }
    Http.Resp r = http.json("POST", "/api/store/folder/", body);
    if (r.status() != 201) {
      throw new AssertionError("folder creation failed: " + r.status() + " " + r.text());
    }
    return r.json().get("id").asText();
  }

  /** Stops the server but keeps the data directory (for restart tests). */
  public void stop() {
    server.close();
  }

  @Override
  public void close() {
    server.close();
    deleteRecursively(dataDir);
  }

  public static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}

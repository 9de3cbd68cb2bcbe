package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README runs as written: its {@code bash} and {@code sh} code blocks, in order, as one bash
 * script under {@code set -euo pipefail}, against the real jar started the way the README starts it
 * (default data directory {@code ./data}, generated bootstrap key) in a fresh directory that holds
 * nothing but links to {@code target/} and {@code bin/}. It fails on any non-zero exit (a failed
 * command, a Python traceback extracting an id, {@code curl -f} on an HTTP error) and on any error
 * body ({@code {"detail": …}}) a block prints.
 *
 * <p>The convention for README authors: every {@code ```bash} or {@code ```sh} block runs here
 * unless the line just before its opening fence is an HTML comment {@code <!-- not-run: why -->}
 * (invisible on the rendered page). Mark blocks that build, start the server, run the tests, or
 * need services the test does not have (PostgreSQL, S3, a mail server). A runnable block may use
 * the variables of the blocks before it ({@code $B}, {@code $H}, ids) and files they wrote; the
 * server listens on {@code $ASSET_STORE_PORT}, which {@code $B} reads. Blocks in other languages
 * (plain {@code ```}, {@code ```json}) are never run.
 */
class ReadmeWalkthroughIT {
  static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9_-]*)\\s*$");
  static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not-run\\b.*-->\\s*$");
  static final Pattern ERROR_BODY = Pattern.compile("\\{\\s*\"detail\"\\s*:");

  record Block(int line, String text) {}

  /** The README's runnable shell blocks, in order. */
  static List<Block> runnableBlocks(List<String> lines) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int start = i;
      StringBuilder body = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        body.append(lines.get(i)).append('\n');
      }
      String lang = open.group(1);
      boolean shell = lang.equals("bash") || lang.equals("sh");
      boolean marked = start > 0 && NOT_RUN.matcher(lines.get(start - 1)).matches();
      if (shell && !marked) {
        out.add(new Block(start + 1, body.toString()));
      }
    }
    return out;
  }

  @Test
  void everyShellBlockOfTheReadmeRunsInOrderAgainstAStartedJar() throws Exception {
    Path project = Path.of("").toAbsolutePath();
    List<String> readme = Files.readAllLines(project.resolve("README.md"));
    List<Block> blocks = runnableBlocks(readme);
    // The walk-through (bootstrap key, uploads), folders, shares and users at least.
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    assertThat(blocks.getFirst().text()).contains("data/bootstrap-admin-key");

    Path dir = Files.createTempDirectory("readme-walkthrough");
    Process server = null;
    try {
      Files.createSymbolicLink(dir.resolve("target"), project.resolve("target"));
      Files.createSymbolicLink(dir.resolve("bin"), project.resolve("bin"));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      String javaHome = System.getProperty("java.home");

      ProcessBuilder start =
          new ProcessBuilder(javaHome + "/bin/java", "-jar", "target/asset-store.jar")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile());
      clean(start.environment(), javaHome, port);
      start.environment().put("ASSET_STORE_HOST", "127.0.0.1");
      start.environment().put("ASSET_STORE_REQUEST_LOG", "WARN");
      server = start.start();
      awaitReady(port, server, dir.resolve("server.log"));

      StringBuilder script = new StringBuilder("set -euo pipefail\n");
      for (Block b : blocks) {
        // On a line of its own: curl's JSON output ends without a newline.
        script.append("printf '\\n::README.md line ").append(b.line()).append("\\n'\n");
        script.append(b.text());
      }
      Path file = dir.resolve("readme.sh");
      Files.writeString(file, script);
      ProcessBuilder run =
          new ProcessBuilder("bash", file.toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("readme.out").toFile());
      clean(run.environment(), javaHome, port);
      Process p = run.start();
      boolean ended = p.waitFor(240, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly();
      }
      String out = Files.readString(dir.resolve("readme.out"), StandardCharsets.UTF_8);
      String report = out + "\n--- server log ---\n" + Files.readString(dir.resolve("server.log"));
      assertThat(ended).as("the README's blocks did not finish in 240 s:\n%s", report).isTrue();
      assertThat(p.exitValue()).as("a README block failed:\n%s", report).isZero();
      for (String section : out.split("(?m)^(?=::README\\.md line )")) {
        assertThat(ERROR_BODY.matcher(section).find())
            .as("a README block printed an error body:\n%s", section)
            .isFalse();
      }
      for (Block b : blocks) {
        assertThat(out).contains("::README.md line " + b.line() + "\n");
      }
      assertThat(server.isAlive()).as("the server died:\n%s", report).isTrue();
    } finally {
      if (server != null) {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
      TestServer.deleteRecursively(dir);
    }
  }

  /**
   * What a new user's shell has: JDK 25 in {@code JAVA_HOME} (the README's first step), the port
   * the server was started on, and none of the ASSET_STORE_* settings of whoever runs the build.
   */
  static void clean(Map<String, String> env, String javaHome, int port) {
    env.keySet().removeIf(k -> k.startsWith("ASSET_STORE_") || k.startsWith("JAVA_OPTS"));
    env.put("JAVA_HOME", javaHome);
    env.put("ASSET_STORE_PORT", Integer.toString(port));
  }

  static void awaitReady(int port, Process server, Path log) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("the jar exited:\n" + Files.readString(log));
      }
      try {
        var r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the jar was not ready in 90 s:\n" + Files.readString(log));
  }
}

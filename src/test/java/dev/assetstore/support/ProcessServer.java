package dev.assetstore.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real jar ({@code target/asset-store.jar}) started as a separate process. */
public final class ProcessServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
  private final Process process;
  private final StringBuffer output;
  private final Path dataDir;
  private final boolean ownsDataDir;
  public final Http http;
  public final int port;

  private ProcessServer(
      Process process, StringBuffer output, Path dataDir, boolean ownsDataDir, int port) {
    this.process = process;
    this.output = output;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = port;
    this.http = new Http("http://127.0.0.1:" + port, TestServer.ADMIN_KEY);
  }

  public static ProcessServer start(List<String> jvmArgs, Map<String, String> env)
      throws IOException, InterruptedException {
    return start(jvmArgs, env, Files.createTempDirectory("asset-store-proc"), true);
  }

  /** On a data directory the caller owns: {@link #close} leaves it in place (restart tests). */
  public static ProcessServer start(List<String> jvmArgs, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    return start(jvmArgs, env, dir, false);
  }

  private static ProcessServer start(
      List<String> jvmArgs, Map<String, String> env, Path dir, boolean ownsDir)
      throws IOException, InterruptedException {
    Path jar = Path.of("target", "asset-store.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ASSET_STORE_PORT", "0");
    pb.environment().put("ASSET_STORE_HOST", "127.0.0.1");
    pb.environment().put("ASSET_STORE_DATA_DIR", dir.toString());
    pb.environment().put("ASSET_STORE_ADMIN_KEY", TestServer.ADMIN_KEY);
    pb.environment().put("ASSET_STORE_REQUEST_LOG", "WARN");
    pb.environment().putAll(env);
    Process p = pb.start();
    StringBuffer out = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.append(line).append('\n');
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // process ended
              }
              port.completeExceptionally(new IllegalStateException("server exited:\n" + out));
            });
    try {
      return new ProcessServer(p, out, dir, ownsDir, port.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("server did not start:\n" + out, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** What the process printed so far. */
  public String output() {
    return output.toString();
  }

  /** SIGKILL (on Linux {@link Process#destroyForcibly} sends it): no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    if (ownsDataDir) {
      TestServer.deleteRecursively(dataDir);
    }
  }
}

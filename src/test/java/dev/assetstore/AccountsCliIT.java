package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline CLI ({@code asset-store users create}, {@code keys create}, {@code keys list}) run as
 * the real jar against a real data directory while no server runs; then the server is started on
 * that directory and the user logs in and the key is used.
 */
class AccountsCliIT {
  static Path dir;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void dir() throws IOException {
    dir = Files.createTempDirectory("asset-store-cli");
  }

  @AfterAll
  static void cleanup() {
    TestServer.deleteRecursively(dir);
  }

  static Run cli(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-jar");
    cmd.add(Path.of("target", "asset-store.jar").toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("ASSET_STORE_DATA_DIR", dir.toString());
    pb.environment().remove("ASSET_STORE_ADMIN_KEY");
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("cli finished").isTrue();
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  @Test
  void usersAndKeysCreatedOfflineWorkOnTheServer() throws Exception {
    String password = "cli password 123";
    Run user =
        cli(
            password + "\n",
            "users",
            "create",
            "alice",
            "--scopes",
            "store:read,users:read",
            "--email",
            "alice@example.com",
            "--password-stdin");
    assertThat(user.code()).as(user.err()).isZero();
    assertThat(user.out()).contains("Created user alice");
    assertThat(user.out() + user.err()).doesNotContain(password).doesNotContain("argon2");

    Run dup = cli("another pw 1\n", "users", "create", "ALICE", "--password-stdin");
    assertThat(dup.code()).isEqualTo(1);
    assertThat(dup.err()).contains("already exists");

    Run badScope =
        cli("another pw 1\n", "users", "create", "bob", "--scopes", "root", "--password-stdin");
    assertThat(badScope.code()).isEqualTo(2);
    assertThat(badScope.err()).contains("Unknown scope 'root'");
    Run shortPw = cli("short\n", "users", "create", "bob", "--password-stdin");
    assertThat(shortPw.code()).isEqualTo(2);
    assertThat(shortPw.err()).doesNotContain("short\n");

    Run key = cli(null, "keys", "create", "--label", "ci deploy", "--scopes", "store:read");
    assertThat(key.code()).as(key.err()).isZero();
    Matcher m = Pattern.compile("(?m)^(sla_live_[A-Za-z0-9_-]{43})$").matcher(key.out());
    assertThat(m.find()).as(key.out()).isTrue();
    String raw = m.group(1);

    Run badExpiry = cli(null, "keys", "create", "--label", "x", "--expires", "yesterday");
    assertThat(badExpiry.code()).isEqualTo(2);

    Run list = cli(null, "keys", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("ci deploy").contains(raw.substring(0, 13));
    assertThat(list.out()).doesNotContain(raw);
    assertThat(list.out().lines().filter(l -> l.contains("\tx\t")).count()).isZero();

    try (ProcessServer server =
        ProcessServer.start(List.of(), Map.of("ASSET_STORE_DATA_DIR", dir.toString()))) {
      Http anon = server.http.as(null).http11();
      Resp login = Logins.login(anon, "username", "alice", "password", password);
      assertThat(login.status()).as(login.text()).isEqualTo(200);
      String token = login.json().get("access_token").asText();
      Resp users = Logins.bearerGet(anon, token, "/api/admin/users/");
      assertThat(users.status()).as(users.text()).isEqualTo(200);
      assertThat(users.json().get("items").get(0).get("username").asText()).isEqualTo("alice");
      assertThat(users.json().get("items").get(0).get("created_by").isNull()).isTrue();
      assertThat(users.json().get("collection_total").asInt()).isEqualTo(1);
      Resp assets = anon.as(raw).get("/api/store/asset/");
      assertThat(assets.status()).as(assets.text()).isEqualTo(200);
      assertThat(anon.as(raw).get("/api/admin/users/").status()).isEqualTo(403);
      assertThat(Logins.login(anon, "username", "alice", "password", "wrong").status())
          .isEqualTo(401);
    }
    // ProcessServer.close deleted the directory: recreate for @AfterAll's sake
    Files.createDirectories(dir);
  }
}

package dev.assetstore.http.accounts;

import static dev.assetstore.support.Logins.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.Logins.Session;
import dev.assetstore.support.TestDatabases;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No response, log line (the "request" logger and every other) or stdout ever carries a password, a
 * password hash, a raw API key, an access token or a refresh token — except the one response that
 * hands each out.
 */
class SecretsNeverLeakTest {

  @Test
  void secretsAppearOnlyWhereTheyAreIssued() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger request = ctx.getLogger("request");
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    Level before = request.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    request.setLevel(Level.INFO);
    request.addAppender(logs);
    root.addAppender(logs);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    List<Resp> others = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    Map<String, String> db = TestDatabases.freshEnv();
    try (TestServer server = TestServer.start(db)) {
      Http admin = server.http.http11();
      String password = "Sup3r-Secret-Pa55word";
      String second = "An0ther-Secret-Pa55word";
      secrets.add(password);
      secrets.add(second);
      String id = createUser(admin, "leaky", password, "store:read", "apikeys:write");
      others.add(admin.get("/api/admin/users/" + id));
      others.add(admin.get("/api/admin/users/?q=leaky"));
      others.add(
          admin.json(
              "POST",
              "/api/admin/users/",
              Map.of("username", "x", "password", "short!", "scopes", List.of("root"))));
      secrets.add("short!");

      Resp login = Logins.login(admin, "username", "leaky", "password", password);
      Session s = Session.of(login);
      secrets.add(s.accessToken());
      secrets.add(s.refreshToken());
      others.add(Logins.login(admin, "username", "leaky", "password", password + "x"));
      others.add(Logins.login(admin, "username", "nobody", "password", password));
      others.add(
          admin
              .as(null)
              .json(
                  "POST",
                  "/api/login/access-token",
                  Map.of("username", "leaky", "password", password)));
      others.add(
          Logins.login(admin, "username", "leaky", "password", password, "grant_type", "nope"));
      others.add(Logins.bearerGet(admin, s.accessToken(), "/api/store/asset/"));
      others.add(Logins.bearerGet(admin, s.accessToken() + "x", "/api/store/asset/"));
      Resp key =
          Logins.bearer(
              admin,
              s.accessToken(),
              "POST",
              "/api/admin/api-keys/",
              "{\"label\":\"leak test\",\"scopes\":[\"store:read\"]}");
      String raw = key.json().get("key").asText();
      secrets.add(raw);
      others.add(admin.as(raw).get("/api/store/asset/"));
      others.add(admin.as(raw + "x").get("/api/store/asset/"));
      others.add(admin.get("/api/admin/api-keys/"));

      Resp rotated = Logins.refresh(admin, s.refreshToken());
      Session next = Session.of(rotated);
      secrets.add(next.accessToken());
      secrets.add(next.refreshToken());
      others.add(Logins.refresh(admin, s.refreshToken())); // reuse: logged as a warning
      others.add(Logins.refresh(admin, next.refreshToken()));
      others.add(admin.json("PATCH", "/api/admin/users/" + id, Map.of("password", second)));
      others.add(admin.get("/api/admin/users/" + id));

      // the stored hash, read straight from the database
      try (Connection c = TestDatabases.connect(db, server.dataDir());
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT password_hash FROM users WHERE id = '" + id + "'")) {
        assertThat(rs.next()).isTrue();
        String hash = rs.getString(1);
        assertThat(hash).startsWith("$argon2id$");
        secrets.add(hash);
        secrets.add(hash.substring(hash.lastIndexOf('$') + 1));
      }
      assertThat(login.text()).contains(s.accessToken());
      assertThat(key.text()).contains(raw);
    } finally {
      System.setOut(out);
      request.detachAppender(logs);
      root.detachAppender(logs);
      request.setLevel(before);
    }
    StringBuilder seen = new StringBuilder(captured.toString(StandardCharsets.UTF_8));
    for (ILoggingEvent e : logs.list) {
      seen.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        seen.append(e.getThrowableProxy().getMessage()).append('\n');
      }
    }
    assertThat(logs.list.stream().filter(e -> e.getLoggerName().equals("request")).count())
        .as("request lines were captured")
        .isGreaterThan(10);
    assertThat(seen.toString()).contains("refresh token reuse detected");
    for (Resp r : others) {
      seen.append(r.status()).append(' ').append(r.headers().map()).append(' ').append(r.text());
    }
    String all = seen.toString();
    for (String secret : secrets) {
      assertThat(all).as("a secret leaked").doesNotContain(secret);
    }
    assertThat(all).doesNotContain("argon2");
  }
}

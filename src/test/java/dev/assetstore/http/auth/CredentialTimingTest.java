package dev.assetstore.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.ShiftClock;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The time a refusal takes does not tell which part of a credential was wrong. For each credential
 * kind, the wrong variants are sent in a shuffled order in every round over one warm keep-alive
 * connection, and for every pair of variants the median of their within-round differences must stay
 * within {@code max(ABS, REL × typical time)}: robust against a busy two-core machine, yet far
 * below what a skipped database lookup (API keys) or a skipped Argon2 hash (logins, share
 * passwords) would cost — which is what constant time "by construction" has to rule out.
 */
class CredentialTimingTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final String PASSWORD = "timing-password-1";
  static TestServer server;
  static ShiftClock clock;
  static Http admin;
  static Http anon;

  @BeforeAll
  static void start() {
    clock = new ShiftClock();
    server = TestServer.start(Map.of("ASSET_STORE_REQUEST_LOG", "WARN"), clock);
    admin = server.http.http11();
    anon = admin.as(null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A wrong variant: builds the i-th request and says which status it must get. */
  record Variant(String name, int status, IntFunction<HttpRequest> request) {}

  /** Response times in nanoseconds: one row per round, one column per variant (in list order). */
  static long[][] measure(
      int warmup, int rounds, List<Variant> variants, java.util.function.IntConsumer beforeRound) {
    long[][] times = new long[rounds][variants.size()];
    Random order = new Random(42);
    List<Integer> columns = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      columns.add(i);
    }
    for (int round = 0; round < warmup + rounds; round++) {
      beforeRound.accept(round);
      Collections.shuffle(columns, order);
      for (int c : columns) {
        Variant v = variants.get(c);
        HttpRequest req = v.request().apply(round);
        long t0 = System.nanoTime();
        Resp r = anon.send(req);
        long t = System.nanoTime() - t0;
        assertThat(r.status()).as(v.name() + ": " + r.text()).isEqualTo(v.status());
        if (round >= warmup) {
          times[round - warmup][c] = t;
        }
      }
    }
    return times;
  }

  static double median(double[] values) {
    double[] a = values.clone();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /**
   * Compares every pair of variants by the median of their differences within a round: the requests
   * of one round run back to back, so load from elsewhere on the machine hits both alike and
   * cancels out, where it would shift the plain medians of a noisy two-core machine.
   */
  static void assertIndistinguishable(
      String what, List<Variant> variants, long[][] times, double absMs, double rel) {
    int n = variants.size();
    double[] overall = new double[times.length * n];
    Map<String, Double> medians = new LinkedHashMap<>();
    for (int c = 0; c < n; c++) {
      double[] col = new double[times.length];
      for (int r = 0; r < times.length; r++) {
        col[r] = times[r][c] / 1e6;
        overall[r * n + c] = col[r];
      }
      medians.put(variants.get(c).name(), Math.round(median(col) * 100) / 100.0);
    }
    double typical = median(overall);
    double tolerance = Math.max(absMs, rel * typical);
    System.out.printf(
        "timing %s: %d rounds, medians (ms) %s, tolerance %.2f ms%n",
        what, times.length, medians, tolerance);
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double[] diff = new double[times.length];
        for (int r = 0; r < times.length; r++) {
          diff[r] = (times[r][a] - times[r][b]) / 1e6;
        }
        double d = median(diff);
        System.out.printf(
            "timing %s: %s - %s = %.2f ms (median of paired differences)%n",
            what, variants.get(a).name(), variants.get(b).name(), d);
        assertThat(Math.abs(d))
            .as("%s: %s vs %s", what, variants.get(a).name(), variants.get(b).name())
            .isLessThanOrEqualTo(tolerance);
      }
    }
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static HttpRequest withKey(String key) {
    return anon.request("/api/store/asset/filters").header("X-API-Key", key).GET().build();
  }

  static HttpRequest withBearer(String token) {
    return anon.request("/api/store/asset/filters")
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  /**
   * Unknown key, a real key's prefix with a wrong secret, and garbage: each is hashed and looked up
   * by its hash, so all three cost one indexed query (fresh keys every time, so none is answered
   * from the negative cache).
   */
  @Test
  void apiKeysUnknownWrongSecretAndMalformedTakeTheSameTime() {
    String real = admin.createKey("store:read");
    String prefix = real.substring(0, 13);
    List<Variant> variants =
        List.of(
            new Variant("unknown key", 401, i -> withKey("sla_live_" + random(32))),
            new Variant(
                "known prefix, wrong secret", 401, i -> withKey(prefix + random(32).substring(4))),
            new Variant("malformed", 401, i -> withKey("garbage-" + random(12))));
    assertThat(anon.send(withKey(real)).status()).isEqualTo(200);
    assertIndistinguishable("API keys", variants, measure(30, 150, variants, r -> {}), 0.3, 0.25);
  }

  /**
   * A forged signature, an expired token and a token of a deleted user: the signature is checked
   * first (constant time), so only a holder of a genuine token ever reaches the later checks.
   */
  @Test
  void accessTokensBadSignatureExpiredAndUnknownUserTakeTheSameTime() {
    Logins.createUser(admin, "timing-expired", PASSWORD, "store:read");
    String expired = Logins.session(admin, "timing-expired", PASSWORD).accessToken();
    clock.advance(Duration.ofMinutes(16));
    String goneId = Logins.createUser(admin, "timing-gone", PASSWORD, "store:read");
    String gone = Logins.session(admin, "timing-gone", PASSWORD).accessToken();
    Logins.createUser(admin, "timing-live", PASSWORD, "store:read");
    String live = Logins.session(admin, "timing-live", PASSWORD).accessToken();
    assertThat(anon.send(withBearer(live)).status()).isEqualTo(200);
    assertThat(anon.send(withBearer(expired)).status()).isEqualTo(401);
    assertThat(admin.delete("/api/admin/users/" + goneId).status()).isEqualTo(204);
    int sig = live.lastIndexOf('.') + 10;
    String forged =
        live.substring(0, sig) + (live.charAt(sig) == 'A' ? 'B' : 'A') + live.substring(sig + 1);
    List<Variant> variants =
        List.of(
            new Variant("bad signature", 401, i -> withBearer(forged)),
            new Variant("expired", 401, i -> withBearer(expired)),
            new Variant("unknown user", 401, i -> withBearer(gone)));
    assertIndistinguishable(
        "access tokens", variants, measure(30, 150, variants, r -> {}), 0.3, 0.25);
  }

  static HttpRequest login(String username, String password) {
    return anon.request("/api/login/access-token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(BodyPublishers.ofString(Logins.form("username", username, "password", password)))
        .build();
  }

  /**
   * An unknown username spends a dummy Argon2 verification, so it takes as long as a wrong password
   * for a real user. (Failures per username are throttled after five, so the clock moves past the
   * window before every round and unknown names are fresh each time.)
   */
  @Test
  void loginUnknownUserAndWrongPasswordTakeTheSameTime() {
    Logins.createUser(admin, "timing-known", PASSWORD, "store:read");
    List<Variant> variants =
        List.of(
            new Variant("unknown user", 401, i -> login("nobody-" + random(6), "wrong-" + i)),
            new Variant("wrong password", 401, i -> login("timing-known", "wrong-password-" + i)),
            new Variant(
                "near miss", 401, i -> login("timing-known", PASSWORD.substring(0, 16) + "2")));
    long[][] times = measure(2, 30, variants, round -> clock.advance(Duration.ofMinutes(16)));
    assertIndistinguishable("login", variants, times, 5, 0.4);
  }

  /**
   * Wrong share passwords — random, one character off, and very long — all cost one Argon2
   * verification. Five guesses lock a share for 15 minutes, so guesses spread over several shares.
   */
  @Test
  void sharePasswordGuessesTakeTheSameTime() {
    String asset =
        admin
            .upload("timing.txt", "t".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .json()
            .get("id")
            .asText();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Resp r = admin.json("POST", "/api/share/", Map.of("asset", asset, "password", PASSWORD));
      assertThat(r.status()).isEqualTo(201);
      tokens.add(r.json().get("token").asText());
    }
    // Round i guesses three times on share i: the throttle starts after five.
    IntFunction<String> token = tokens::get;
    List<Variant> variants =
        List.of(
            new Variant("random", 401, i -> redeem(token.apply(i), random(12))),
            new Variant(
                "near miss", 401, i -> redeem(token.apply(i), PASSWORD.substring(0, 16) + "2")),
            new Variant("long", 401, i -> redeem(token.apply(i), "p".repeat(256))));
    assertIndistinguishable("share passwords", variants, measure(2, 30, variants, r -> {}), 5, 0.4);
  }

  static HttpRequest redeem(String token, String password) {
    String body;
    try {
      body = Http.JSON.writeValueAsString(Map.of("token", token, "password", password));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return anon.request("/api/share/get_access")
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body))
        .build();
  }
}

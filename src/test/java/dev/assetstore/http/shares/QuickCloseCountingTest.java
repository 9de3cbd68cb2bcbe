package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.http.shares.ClosingClient.Close;
import dev.assetstore.http.shares.ClosingClient.Result;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A download counts when its last byte has been written to the connection, however quickly the
 * client hangs up after (docs/decisions.md, "When a download counts"). Each case runs {@link
 * #ROUNDS} rounds per way of closing, so a race between the last write and the client's close
 * shows; a round that miscounts is tallied and the tally asserted at the end (0), so a failure says
 * how often it went wrong.
 *
 * <p>A round, on two fresh shares of the same folder:
 *
 * <ol>
 *   <li>without a limit, a client reads exactly Content-Length bytes and closes: counted once;
 *   <li>with {@code max_downloads: 1}, a client closes before the server could write the last byte
 *       of a 24 MiB body (it reads only the head: far more than the kernel buffers is left): not
 *       counted, and its slot released — which the next step proves;
 *   <li>a client reads exactly the body and closes: 200 (the aborted one neither counted nor kept
 *       its slot), and counted;
 *   <li>a third download is 410, and the statistics say exactly 1.
 * </ol>
 *
 * Step 4's request is ordered after step 3's verdict (a held slot makes it wait for the verdict),
 * and step 3's after step 2's, so no sleep decides anything.
 */
class QuickCloseCountingTest {
  static final int ROUNDS = 20;
  static TestServer server;
  static Http http;
  static String root;
  static String smallFolder;
  static String bigFolder;
  static String small1;
  static String small2;
  static String big;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    root = server.createFolder("Shared", null);
    smallFolder = server.createFolder("Small", root);
    bigFolder = server.createFolder("Big", root);
    Random r = new Random(15);
    small1 = upload(http, smallFolder, "one.bin", bytes(r, 200 * 1024)).get("id").asText();
    small2 = upload(http, smallFolder, "two.bin", bytes(r, 70 * 1024)).get("id").asText();
    big = upload(http, bigFolder, "big.bin", bytes(r, 24 << 20)).get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @Test
  void singleDownloadCountsWhenItsLastByteIsWritten() throws Exception {
    rounds(DOWNLOAD + "?id=" + small1, DOWNLOAD + "?id=" + big);
  }

  @Test
  void assetZipCountsWhenItsLastByteIsWritten() throws Exception {
    rounds(DOWNLOAD + "?id=" + small1 + "&id=" + small2, DOWNLOAD + "?id=" + big + "&id=" + small2);
  }

  @Test
  void folderZipCountsWhenItsLastByteIsWritten() throws Exception {
    rounds(
        "/api/share/access/folder/" + smallFolder + "/download",
        "/api/share/access/folder/" + bigFolder + "/download");
  }

  /** {@code quick}: what is read whole; {@code big}: what is abandoned early. */
  private void rounds(String quick, String big) throws Exception {
    List<String> misses = new ArrayList<>();
    for (Close close : Close.values()) {
      for (int i = 0; i < ROUNDS; i++) {
        String miss = round(quick, big, close);
        if (miss != null) {
          misses.add(close + " round " + i + ": " + miss);
        }
      }
    }
    assertThat(misses).as("%d of %d rounds miscounted", misses.size(), 2 * ROUNDS).isEmpty();
  }

  /** One round; what went wrong, or null. */
  private String round(String quick, String big, Close close) throws Exception {
    JsonNode free = create(http, "folder", root);
    String ft = accessToken(server, "token", free.get("token").asText());
    Result r = ClosingClient.get(server.port(), quick, ft, -1, close);
    assertThat(r.status()).isEqualTo(200);
    assertThat((long) r.body().length).isEqualTo(r.contentLength());
    long counted = awaitDownloads(http, free.get("id").asText(), 1).get("downloads").asLong();
    if (counted != 1) {
      return "a body read whole, then " + close + ", counted " + counted + " times";
    }

    JsonNode once = create(http, "folder", root, "max_downloads", 1);
    String id = once.get("id").asText();
    String t = accessToken(server, "token", once.get("token").asText());
    Result aborted = ClosingClient.get(server.port(), big, t, 0, close);
    assertThat(aborted.status()).isEqualTo(200);
    Result whole = ClosingClient.get(server.port(), quick, t, -1, close);
    if (whole.status() != 200) {
      return "after an aborted transfer, the next one was " + whole.status();
    }
    assertThat((long) whole.body().length).isEqualTo(whole.contentLength());
    int third = access(server, t, quick).status();
    long downloads = awaitDownloads(http, id, 1).get("downloads").asLong();
    if (third != 410 || downloads != 1) {
      return "with max_downloads 1, a body read whole then "
          + close
          + ": the next download was "
          + third
          + ", downloads "
          + downloads;
    }
    return null;
  }
}

package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.http.shares.ClosingClient.Close;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aborted transfers neither count nor use up {@code max_downloads}. "Not counted" is checked once
 * the server has finished with the transfer ({@code asset_store_share_transfers_total} in {@code
 * /metrics}), not after a sleep that a late count would outlast; that is why these tests have a
 * server of their own, where no other test's transfer is still being recorded.
 */
class AbortedDownloadTest {
  static final int BIG = 24 << 20;
  static TestServer server;
  static Http http;
  static String bigFolder;
  static String bigId;
  static String tinyId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    bigFolder = server.createFolder("Big", null);
    byte[] big = new byte[BIG];
    new Random(8).nextBytes(big);
    bigId = upload(http, bigFolder, "big.bin", big).get("id").asText();
    tinyId = upload(http, bigFolder, "tiny.txt", "tiny").get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Requests a 24 MiB body, checks it is a 200, reads 64 KiB of it and resets the connection: the
   * server is left with far more than the kernels can buffer.
   */
  static void abort(String path, String token) throws Exception {
    ClosingClient.Result r = ClosingClient.get(server.port(), path, token, 64 * 1024, Close.RST);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentLength()).isGreaterThanOrEqualTo(BIG);
    assertThat(r.body()).hasSize(64 * 1024);
  }

  @Test
  void abortedTransfersDoNotCountNorUseTheQuota() throws Exception {
    JsonNode s = create(http, "folder", bigFolder, "max_downloads", 1);
    String id = s.get("id").asText();
    String t = accessToken(server, "token", s.get("token").asText());
    long done = transfersDone(server);
    abort(DOWNLOAD + "?id=" + bigId, t);
    abort("/api/share/access/folder/" + bigFolder + "/download", t);
    awaitTransfersDone(server, done + 2);
    assertThat(stats(http, id).get("downloads").asLong()).isZero();
    // both slots are back: one full download succeeds at the first try, and counts
    Resp full = access(server, t, DOWNLOAD + "?id=" + tinyId);
    assertThat(full.status()).as(full.text()).isEqualTo(200);
    assertThat(full.text()).isEqualTo("tiny");
    awaitTransfersDone(server, done + 3);
    assertThat(stats(http, id).get("downloads").asLong()).isEqualTo(1);
    // and now it is used up
    assertError(access(server, t, DOWNLOAD + "?id=" + bigId), 410);
    assertThat(stats(http, id).get("downloads").asLong()).isEqualTo(1);
  }

  @Test
  void abortedTransferWithoutQuotaDoesNotCount() throws Exception {
    JsonNode s = create(http, "asset", bigId);
    String id = s.get("id").asText();
    String t = accessToken(server, "token", s.get("token").asText());
    long done = transfersDone(server);
    abort(DOWNLOAD + "?id=" + bigId, t);
    awaitTransfersDone(server, done + 1);
    assertThat(stats(http, id).get("downloads").asLong()).isZero();
    // a full one afterwards is the only one that counts
    Resp full = access(server, t, DOWNLOAD + "?id=" + bigId);
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body().length).isEqualTo(BIG);
    awaitTransfersDone(server, done + 2);
    assertThat(stats(http, id).get("downloads").asLong()).isEqualTo(1);
  }
}

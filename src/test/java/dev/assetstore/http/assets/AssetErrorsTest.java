package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.RawHttp;
import dev.assetstore.support.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The error conventions of API.md §2/§3 as they apply to the Assets API. */
class AssetErrorsTest {
  static TestServer server;
  static Http http;
  static String id;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    id = upload(http, "err.txt", "x").get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void missingOrBadCredentialsAre401WithWwwAuthenticate() {
    for (Http anon : List.of(http.as(null), http.as("sla_live_wrong"))) {
      for (Resp r :
          List.of(
              anon.get(ASSETS),
              anon.get(ASSETS + id),
              anon.get(ASSETS + "filters"),
              anon.get("/api/store/asset/download?id=" + id),
              anon.delete(ASSETS + id),
              anon.json("PATCH", ASSETS + id, Map.of("description", "x")),
              anon.upload("anon.txt", "x".getBytes()))) {
        assertError(r, 401);
        assertThat(r.header("WWW-Authenticate")).isNotBlank();
      }
    }
    assertThat(http.get(ASSETS + id).status()).isEqualTo(200);
    assertThat(total(http)).isEqualTo(1);
  }

  @Test
  void scopesAreEnforcedAndNamed() {
    Http reader = http.as(http.createKey("store:read"));
    Http writer = http.as(http.createKey("store:write"));
    assertThat(reader.get(ASSETS).status()).isEqualTo(200);
    assertThat(reader.get("/api/store/asset/download?id=" + id).status()).isEqualTo(200);
    for (Resp r :
        List.of(
            reader.upload("r.txt", "x".getBytes()),
            reader.delete(ASSETS + id),
            reader.json("PUT", ASSETS + id, Map.of("name", "y.txt")),
            reader.json("PATCH", ASSETS + id, Map.of("name", "y.txt")))) {
      assertThat(assertError(r, 403).asText()).contains("store:write");
    }
    for (Resp r :
        List.of(
            writer.get(ASSETS),
            writer.get(ASSETS + id),
            writer.get(ASSETS + "filters"),
            writer.get(ASSETS + id + "/shares"),
            writer.get("/api/store/asset/download?id=" + id))) {
      assertThat(assertError(r, 403).asText()).contains("store:read");
    }
    assertThat(http.get(ASSETS + id).json().get("name").asText()).isEqualTo("err.txt");
    assertThat(total(http)).isEqualTo(1);
  }

  @Test
  void wrongMethodIs405WithDetail() {
    assertError(http.send(http.request(ASSETS + id).POST(BodyPublishers.noBody()).build()), 405);
    assertError(http.delete(ASSETS), 405);
  }

  @Test
  void uploadThatIsNotMultipartIs422AndStoresNothing() {
    long blobs = server.blobFileCount();
    Resp r =
        http.send(
            http.request(ASSETS + "upload")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"x\"}"))
                .build());
    assertInvalid(r, "body", "file");
    assertThat(total(http)).isEqualTo(1);
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void truncatedMultipartStoresNothing() {
    long blobs = server.blobFileCount();
    String boundary = "b0undary";
    byte[] body =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n\r\n"
                + "some bytes but no closing boundary")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /api/store/asset/upload HTTP/1.1\r\nHost: x\r\nX-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\nContent-Type: multipart/form-data; boundary="
            + boundary
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n";
    RawHttp.Raw r = RawHttp.exchange(server.port(), head, body, 10_000);
    assertThat(r.status()).isBetween(400, 499);
    assertThat(r.text())
        .contains("\"detail\"")
        .doesNotContain("Exception")
        .doesNotContain("at dev.assetstore");
    assertThat(total(http)).isEqualTo(1);
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void aClientVanishingMidUploadLeavesNoBlob() throws Exception {
    long blobs = server.blobFileCount();
    String boundary = "b0undary";
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/store/asset/upload HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                  + TestServer.ADMIN_KEY
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nContent-Length: 500000\r\n\r\n--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gone.bin\"\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(new byte[100_000]);
      out.flush();
      Thread.sleep(300);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.blobFileCount() != blobs && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.blobFileCount()).isEqualTo(blobs);
    assertThat(total(http)).isEqualTo(1);
    assertThat(http.get(ASSETS + "?name=gone.bin").json().get("items")).isEmpty();
  }

  @Test
  void everyErrorBodyHasADetailAndNoStackTrace() {
    String unknown = UUID.randomUUID().toString();
    List<Resp> errors =
        List.of(
            http.get(ASSETS + unknown),
            http.get(ASSETS + "%00"),
            http.get(ASSETS + "?limit=0"),
            http.get(ASSETS + "?cursor=%7B%7D"),
            http.get(ASSETS + "?size__gt=" + "9".repeat(40)),
            http.get(ASSETS + "?created__gt=" + Http.enc("99999-01-01T00:00:00Z")),
            http.get(ASSETS + "?name__in=" + ",".repeat(300)),
            http.get("/api/store/asset/download?id=" + unknown),
            http.get("/api/store/asset/download"),
            http.json(
                "PATCH",
                ASSETS + id,
                "{\"name\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"),
            http.json("PATCH", ASSETS + id, "{\"metadata\": {\"a\": 1e999999}}"),
            http.json("PATCH", ASSETS + id, "\u0000"),
            http.json("PUT", ASSETS + id, "{}"),
            http.upload("?folder=x", "f.txt", new byte[] {1}, Map.of()),
            http.upload(
                "", "t.txt", new byte[] {1}, Map.of("tags", "[" + "\"t\",".repeat(100) + "\"t\"]")),
            http.upload("", "t.txt", new byte[] {1}, Map.of("description", "d".repeat(10_001))));
    for (Resp r : errors) {
      assertThat(r.status()).as(r.text()).isBetween(400, 499);
      assertError(r, r.status());
    }
    assertThat(total(http)).isEqualTo(1);
  }

  @Test
  void nonFiniteMetadataNumbersAre422() {
    assertInvalidUnder(
        http.json("PATCH", ASSETS + id, "{\"metadata\": {\"a\": 1e999999}}"), "body", "metadata");
    assertInvalidUnder(
        http.upload("", "inf.txt", new byte[] {1}, Map.of("metadata", "{\"a\": [-1e999]}")),
        "body",
        "metadata");
    assertThat(http.get(ASSETS + id).json().get("metadata")).isEmpty();
    assertThat(total(http)).isEqualTo(1);
  }

  @Test
  void multipartWithoutBoundaryIsRefused() {
    Resp r =
        http.send(
            http.request(ASSETS + "upload")
                .header("Content-Type", "multipart/form-data")
                .POST(BodyPublishers.ofString("--x\r\n"))
                .build());
    assertThat(r.status()).isBetween(400, 499);
    assertError(r, r.status());
    assertThat(total(http)).isEqualTo(1);
  }

  @Test
  void tooManyTagsAndTooLongDescriptionAre422() {
    assertInvalidUnder(
        http.upload(
            "", "t.txt", new byte[] {1}, Map.of("tags", "[" + "\"t\",".repeat(100) + "\"t\"]")),
        "body",
        "tags");
    assertInvalid(
        http.upload("", "t.txt", new byte[] {1}, Map.of("description", "d".repeat(10_001))),
        "body",
        "description");
    assertThat(total(http)).isEqualTo(1);
  }
}

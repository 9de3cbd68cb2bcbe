package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upload's multipart framing as our own scanner reads it, over HTTP: contents that look like
 * the boundary, preamble and epilogue, fields around the file, part charsets, and broken framing
 * (400 or 413, nothing stored).
 */
class UploadFramingTest {
  static final String B = "frame-test-boundary";
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp send(byte[] body) {
    return post(http, "", new Multipart(B, body), Map.of());
  }

  static Resp nothingStored(Supplier<Resp> action) {
    long before = total(http);
    long blobs = server.blobFileCount();
    Resp r = action.get();
    assertThat(total(http)).as("list total after %s", r.text()).isEqualTo(before);
    assertThat(server.blobFileCount()).as("blob files after %s", r.text()).isEqualTo(blobs);
    return r;
  }

  static byte[] bytes(Object... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : pieces) {
      out.writeBytes(
          p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
    return out.toByteArray();
  }

  static String filePart(String filename) {
    return "--"
        + B
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + filename
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
  }

  static byte[] download(JsonNode asset) {
    return http.get("/api/store/asset/download?id=" + asset.get("id").asText()).body();
  }

  @Test
  void contentThatLooksLikeTheBoundaryIsStoredExactly() {
    byte[] content =
        bytes(
            "--" + B + "\n",
            "\r\n--" + B.substring(0, 10),
            "\r\n-",
            "\r\r\n--",
            "--" + B + "--",
            "\n--" + B + "\r\n",
            "\r\n--" + B.substring(0, B.length() - 1),
            "\r");
    JsonNode a = uploaded(send(bytes(filePart("look-alike.bin"), content, "\r\n--" + B + "--")));
    assertThat(a.get("size").asLong()).isEqualTo(content.length);
    assertThat(download(a)).isEqualTo(content);
  }

  @Test
  void aFileOfSeveralMegabytesRoundTripsWithItsDigest() {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(content);
    JsonNode a = uploaded(send(bytes(filePart("big.bin"), content, "\r\n--" + B + "--\r\n")));
    assertThat(a.get("sha256").asText()).isEqualTo(sha256Hex(content));
    assertThat(download(a)).isEqualTo(content);
  }

  @Test
  void preambleEpilogueAndTransportPaddingAreIgnored() {
    JsonNode a =
        uploaded(
            send(
                bytes(
                    "This is the preamble.\r\n",
                    "--" + B + " \t\r\n",
                    "Content-Disposition: form-data; name=\"file\"; filename=\"padded.txt\"\r\n\r\n",
                    "abc",
                    "\r\n--" + B + "--\r\nThis is the epilogue.")));
    assertThat(download(a)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void fieldsAfterTheFileCountTheFirstOfEachNameWinsAndOtherFilesAreDrained() {
    long blobs = server.blobFileCount();
    Resp r =
        send(
            bytes(
                filePart("first.txt"),
                "one",
                "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n",
                "kept",
                "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n",
                "ignored",
                "\r\n",
                filePart("second.txt"),
                "two",
                "\r\n--"
                    + B
                    + "\r\nContent-Disposition: form-data; name=\"other\"; filename=\"o\"\r\n\r\n",
                "three",
                "\r\n--" + B + "--"));
    JsonNode a = uploaded(r);
    assertThat(a.get("name").asText()).isEqualTo("first.txt");
    assertThat(a.get("description").asText()).isEqualTo("kept");
    assertThat(download(a)).isEqualTo("one".getBytes(StandardCharsets.US_ASCII));
    assertThat(server.blobFileCount()).isEqualTo(blobs + 1);
  }

  @Test
  void aFieldIsReadInItsPartsCharset() {
    JsonNode a =
        uploaded(
            send(
                bytes(
                    "--" + B + "\r\nContent-Disposition: form-data; name=\"description\"\r\n",
                    "Content-Type: text/plain; charset=ISO-8859-1\r\n\r\n",
                    new byte[] {(byte) 0xe9, 't', (byte) 0xe9},
                    "\r\n",
                    filePart("charset.txt"),
                    "x\r\n--" + B + "--")));
    assertThat(a.get("description").asText()).isEqualTo("\u00e9t\u00e9");
  }

  @Test
  void aQuotedBoundaryIsAccepted() {
    byte[] body = bytes(filePart("quoted.txt"), "q\r\n--" + B + "--");
    Resp r =
        http.send(
            http.request(ASSETS + "upload")
                .header("Content-Type", "multipart/form-data; boundary=\"" + B + "\"")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    assertThat(uploaded(r).get("name").asText()).isEqualTo("quoted.txt");
  }

  @Test
  void aMissingBoundaryParameterIs400() {
    Resp r =
        nothingStored(
            () ->
                http.send(
                    http.request(ASSETS + "upload")
                        .header("Content-Type", "multipart/form-data")
                        .POST(
                            java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                bytes(filePart("x.txt"), "x\r\n--" + B + "--")))
                        .build()));
    assertError(r, 400);
  }

  @Test
  void aBodyWithoutItsClosingDelimiterIs400AndStoresNothing() {
    byte[] content = new byte[300_000];
    new Random(3).nextBytes(content);
    Resp r = nothingStored(() -> send(bytes(filePart("cut.bin"), content, "\r\n--" + B)));
    assertThat(assertError(r, 400).asText()).contains("interrupted");
  }

  @Test
  void junkAfterADelimiterIs400AndStoresNothing() {
    Resp r =
        nothingStored(
            () -> send(bytes(filePart("junk.bin"), "abc\r\n--" + B + "X\r\n\r\n--" + B + "--")));
    assertThat(assertError(r, 400).asText()).startsWith("Malformed multipart/form-data body");
  }

  @Test
  void aPartWithoutADispositionOrNameIs400AndStoresNothing() {
    for (String head :
        new String[] {
          "Content-Type: text/plain\r\n", "Content-Disposition: form-data\r\n", "no colon\r\n"
        }) {
      Resp r =
          nothingStored(
              () ->
                  send(
                      bytes(
                          filePart("ok.bin"),
                          "abc\r\n--" + B + "\r\n" + head + "\r\nv\r\n--" + B + "--")));
      assertError(r, 400);
    }
  }

  @Test
  void partHeadersUpTo64KiBAreReadLongerAre413AndStoreNothing() {
    // The header block counts from after the boundary line to its blank line's CRLF.
    String fits = "Content-Disposition: form-data; name=\"file\"; filename=\"h.txt\"\r\nX-Pad: ";
    JsonNode ok =
        uploaded(
            send(
                bytes(
                    "--" + B + "\r\n",
                    fits,
                    "p".repeat(64 * 1024 - fits.length() - 4),
                    "\r\n\r\n",
                    "h\r\n--" + B + "--")));
    assertThat(ok.get("name").asText()).isEqualTo("h.txt");
    String over = "Content-Disposition: form-data; name=\"pad\"\r\nX-Pad: ";
    Resp refused =
        nothingStored(
            () ->
                send(
                    bytes(
                        filePart("before.bin"),
                        "stored then removed\r\n--" + B + "\r\n",
                        over,
                        "p".repeat(64 * 1024 - over.length() - 4 + 1),
                        "\r\n\r\nv\r\n--" + B + "--")));
    assertThat(assertError(refused, 413).asText()).contains("65536");
  }
}

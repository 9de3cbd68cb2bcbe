package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/store/asset/upload}: API.md §5 "Upload" and the naming rules. */
class UploadAssetTest {
  static final String TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$";
  static final byte[] PNG_HEAD =
      HexFormat.of()
          .parseHex(
              "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");

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

  /** Asserts nothing was stored by {@code action}: same list total, same blob files. */
  static Resp nothingStored(java.util.function.Supplier<Resp> action) {
    long before = total(http);
    long blobs = server.blobFileCount();
    Resp r = action.get();
    assertThat(total(http)).as("list total after %s", r.text()).isEqualTo(before);
    assertThat(server.blobFileCount()).as("blob files after %s", r.text()).isEqualTo(blobs);
    return r;
  }

  @Test
  void uploadAnswers201WithLocationAndEveryAssetReadField() {
    Resp created =
        http.json(
            "POST",
            "/api/admin/api-keys/",
            Map.of("label", "uploader", "scopes", List.of("store:read", "store:write")));
    assertThat(created.status()).isEqualTo(201);
    String keyId = created.json().get("id").asText();
    Http uploader = http.as(created.json().get("key").asText());

    byte[] bytes = "hello, asset store\n".repeat(10).getBytes(StandardCharsets.UTF_8);
    Resp r =
        uploader.upload(
            "",
            "report.txt",
            bytes,
            Map.of(
                "description", "Quarterly report",
                "tags", "[\"finance\",\"q3\"]",
                "metadata", "{\"pages\":3,\"nested\":{\"k\":\"v\"}}"));
    JsonNode a = uploaded(r);
    String id = a.get("id").asText();
    assertThat(r.header("Location")).isEqualTo("/api/store/asset/" + id);

    UUID uuid = UUID.fromString(id);
    assertThat(uuid.toString()).isEqualTo(id);
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(a.get("type").asText()).isEqualTo("asset");
    assertThat(a.get("name").asText()).isEqualTo("report.txt");
    assertThat(a.get("content_type").asText()).startsWith("text/plain");
    assertThat(a.get("size").asLong()).isEqualTo(bytes.length);
    assertThat(a.get("sha256").asText()).isEqualTo(sha256Hex(bytes)).matches("^[0-9a-f]{64}$");
    CRC32 crc = new CRC32();
    crc.update(bytes);
    assertThat(a.get("crc32").isIntegralNumber()).isTrue();
    assertThat(a.get("crc32").asLong()).isEqualTo(crc.getValue());
    assertThat(a.get("folder").isNull()).isTrue();
    assertThat(a.get("path").asText()).isEqualTo("/report.txt");
    assertThat(a.get("description").asText()).isEqualTo("Quarterly report");
    assertThat(a.get("tags"))
        .containsExactly(Http.JSON.valueToTree("finance"), Http.JSON.valueToTree("q3"));
    assertThat(a.get("metadata"))
        .isEqualTo(Http.JSON.valueToTree(Map.of("pages", 3, "nested", Map.of("k", "v"))));
    assertThat(a.get("created").asText()).matches(TIMESTAMP);
    assertThat(a.get("updated").asText()).matches(TIMESTAMP).isEqualTo(a.get("created").asText());
    JsonNode by = a.get("created_by");
    assertThat(by.get("id").asText()).isEqualTo(keyId);
    assertThat(by.get("type").asText()).isEqualTo("api_key");
    assertThat(by.get("name").asText()).isEqualTo("uploader");
    assertThat(a.get("url").asText()).isEqualTo("/api/store/asset/" + id);
    assertThat(a.get("download_url").asText()).isEqualTo("/api/store/asset/download?id=" + id);
    assertThat(a.size()).isEqualTo(17);

    Resp got = http.get(ASSETS + id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(a);
    assertThat(http.get("/api/store/asset/download?id=" + id).body()).isEqualTo(bytes);
  }

  @Test
  void nameFieldOverridesTheFilename() {
    JsonNode a =
        uploaded(http.upload("", "ignored.bin", new byte[] {1, 2}, Map.of("name", "chosen.dat")));
    assertThat(a.get("name").asText()).isEqualTo("chosen.dat");
    assertThat(a.get("path").asText()).isEqualTo("/chosen.dat");
  }

  @Test
  void withoutOptionalFieldsDescriptionIsNullTagsEmptyMetadataEmpty() {
    JsonNode a = upload(http, "plain.txt", "x");
    assertThat(a.get("description").isNull()).isTrue();
    assertThat(a.get("tags").isArray()).isTrue();
    assertThat(a.get("tags")).isEmpty();
    assertThat(a.get("metadata").isObject()).isTrue();
    assertThat(a.get("metadata")).isEmpty();
  }

  @Test
  void namesAreStoredInNfc() {
    String decomposed = "Cafe\u0301-nfc.txt";
    String composed = "Caf\u00e9-nfc.txt";
    JsonNode viaField =
        uploaded(http.upload("", "x.txt", new byte[] {1}, Map.of("name", decomposed)));
    assertThat(viaField.get("name").asText()).isEqualTo(composed);
    // The composed spelling is the same name: it conflicts and is renamed.
    JsonNode again = uploaded(http.upload("", "x.txt", new byte[] {1}, Map.of("name", composed)));
    assertThat(again.get("name").asText()).isEqualTo("Caf\u00e9-nfc (1).txt");
    JsonNode viaFilename = upload(http, "Re\u0301sume\u0301.txt", "r");
    assertThat(viaFilename.get("name").asText()).isEqualTo("R\u00e9sum\u00e9.txt");
  }

  @Test
  void onConflictRenameIsTheDefault() {
    assertThat(upload(http, "a.png", "1").get("name").asText()).isEqualTo("a.png");
    assertThat(upload(http, "a.png", "2").get("name").asText()).isEqualTo("a (1).png");
    JsonNode third =
        uploaded(http.upload("?on_conflict=rename", "a.png", new byte[] {3}, Map.of()));
    assertThat(third.get("name").asText()).isEqualTo("a (2).png");
    assertThat(third.get("path").asText()).isEqualTo("/a (2).png");
    assertThat(upload(http, "noext", "1").get("name").asText()).isEqualTo("noext");
    assertThat(upload(http, "noext", "2").get("name").asText()).isEqualTo("noext (1)");
  }

  @Test
  void namesAreCaseSensitive() {
    assertThat(upload(http, "Case.txt", "1").get("name").asText()).isEqualTo("Case.txt");
    assertThat(upload(http, "case.txt", "2").get("name").asText()).isEqualTo("case.txt");
  }

  @Test
  void onConflictErrorAnswers409AndStoresNothing() {
    upload(http, "unique.txt", "first");
    Resp r =
        nothingStored(
            () -> http.upload("?on_conflict=error", "unique.txt", "second".getBytes(), Map.of()));
    assertError(r, 409);
    assertThat(r.json().get("detail").asText()).contains("unique.txt");
  }

  @Test
  void unknownOnConflictValueIs422() {
    Resp r =
        nothingStored(
            () -> http.upload("?on_conflict=overwrite", "oc.txt", new byte[] {1}, Map.of()));
    assertInvalid(r, "query", "on_conflict");
  }

  @Test
  void unknownFolderIs404AndStoresNothing() {
    assertError(
        nothingStored(() -> http.upload("?folder=not-a-uuid", "f.txt", new byte[] {1}, Map.of())),
        404);
    assertError(
        nothingStored(
            () -> http.upload("?folder=" + UUID.randomUUID(), "f.txt", new byte[] {1}, Map.of())),
        404);
    assertError(
        nothingStored(
            () ->
                http.upload(
                    "?folder=01920000-0000-7000-8000-000000000000",
                    "f.txt",
                    new byte[] {1},
                    Map.of())),
        404);
  }

  @Test
  void uploadIntoAnExistingFolderSetsFolderAndPath() {
    String folder = server.createFolder("Marketing", null);
    JsonNode a = uploaded(http.upload("?folder=" + folder, "logo.txt", new byte[] {1}, Map.of()));
    assertThat(a.get("folder").get("id").asText()).isEqualTo(folder);
    assertThat(a.get("folder").get("type").asText()).isEqualTo("folder");
    assertThat(a.get("folder").get("name").asText()).isEqualTo("Marketing");
    assertThat(a.get("path").asText()).isEqualTo("/Marketing/logo.txt");
    // Same name at the root is a different slot.
    assertThat(upload(http, "logo.txt", "root").get("name").asText()).isEqualTo("logo.txt");
    JsonNode plain = http.get(ASSETS + a.get("id").asText() + "?hydrate=false").json();
    assertThat(plain.get("folder").asText()).isEqualTo(folder);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "a/b.txt",
        "\\",
        "a\\b.txt",
        "nul\u0000.txt",
        "bell\u0007.txt",
        "new\nline.txt",
        "tab\t.txt",
        "del\u007f.txt",
        ".",
        ".."
      })
  void invalidNamesAre422AndStoreNothing(String name) {
    Resp r =
        nothingStored(() -> http.upload("", "ok.txt", new byte[] {1, 2, 3}, Map.of("name", name)));
    assertInvalid(r, "body", "name");
  }

  @Test
  void nameOf256CharactersIs422And255IsAccepted() {
    Resp r =
        nothingStored(
            () -> http.upload("", "ok.txt", new byte[] {1}, Map.of("name", "n".repeat(256))));
    assertInvalid(r, "body", "name");
    JsonNode ok =
        uploaded(http.upload("", "ok.txt", new byte[] {1}, Map.of("name", "n".repeat(255))));
    assertThat(ok.get("name").asText()).hasSize(255);
    // 255 code points, not 255 UTF-16 units.
    String emoji = "\uD83D\uDE00".repeat(255);
    assertThat(
            uploaded(http.upload("", "ok.txt", new byte[] {1}, Map.of("name", emoji)))
                .get("name")
                .asText())
        .isEqualTo(emoji);
  }

  @Test
  void emptyFilenameWithoutNameFieldIs422() {
    Resp r =
        nothingStored(
            () ->
                post(
                    http, "", Multipart.of(Part.file("", "text/plain", new byte[] {1})), Map.of()));
    assertInvalidUnder(r, "body");
  }

  @Test
  void missingFilePartIs422() {
    Resp r =
        nothingStored(
            () ->
                post(
                    http,
                    "",
                    Multipart.of(Part.field("name", "x.txt"), Part.field("description", "d")),
                    Map.of()));
    assertInvalid(r, "body", "file");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"not json", "{\"a\":1}", "[1]", "\"tag\"", "[\"\"]", "[\"a\",null]", "[\"a\"] x"})
  void invalidTagsAre422(String tags) {
    Resp r = nothingStored(() -> http.upload("", "t.txt", new byte[] {1}, Map.of("tags", tags)));
    assertInvalidUnder(r, "body", "tags");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "\"s\"", "42", "{", "{} {}", "{\"a\":1} x"})
  void invalidMetadataIs422(String metadata) {
    Resp r =
        nothingStored(() -> http.upload("", "m.txt", new byte[] {1}, Map.of("metadata", metadata)));
    assertInvalidUnder(r, "body", "metadata");
  }

  @Test
  void metadataOver16KiBIs422AndJustUnderIsAccepted() {
    String big = "{\"x\":\"" + "a".repeat(16 * 1024) + "\"}";
    Resp r =
        nothingStored(() -> http.upload("", "big.txt", new byte[] {1}, Map.of("metadata", big)));
    assertInvalid(r, "body", "metadata");
    String fits = "{\"x\":\"" + "a".repeat(16 * 1024 - 8) + "\"}";
    assertThat(fits.length()).isEqualTo(16 * 1024);
    JsonNode ok = uploaded(http.upload("", "fits.txt", new byte[] {1}, Map.of("metadata", fits)));
    assertThat(ok.get("metadata").get("x").asText()).hasSize(16 * 1024 - 8);
  }

  @Test
  void tagsAreDeduplicatedInOrder() {
    JsonNode a =
        uploaded(
            http.upload("", "tags.txt", new byte[] {1}, Map.of("tags", "[\"b\",\"a\",\"b\"]")));
    assertThat(a.get("tags").toString()).isEqualTo("[\"b\",\"a\"]");
  }

  @Test
  void specificPartTypeIsKept() {
    Resp r =
        http.upload(
            "",
            "doc.bin",
            "application/pdf",
            BodyPublishers.ofByteArray("plain text".getBytes()),
            Map.of(),
            Map.of());
    assertThat(uploaded(r).get("content_type").asText()).isEqualTo("application/pdf");
  }

  @Test
  void octetStreamPartTypeIsDetectedFromTheBytes() {
    JsonNode png = uploaded(http.upload("", "picture.bin", PNG_HEAD, Map.of()));
    assertThat(png.get("content_type").asText()).isEqualTo("image/png");
    JsonNode noType =
        uploaded(post(http, "", Multipart.of(Part.file("pixel.png", null, PNG_HEAD)), Map.of()));
    assertThat(noType.get("content_type").asText()).isEqualTo("image/png");
    JsonNode byName = upload(http, "page.html", "<html><body>hi</body></html>");
    assertThat(byName.get("content_type").asText()).startsWith("text/html");
  }

  @Test
  void emptyFileIsAnAsset() {
    JsonNode a = upload(http, "empty.txt", new byte[0]);
    assertThat(a.get("size").asLong()).isZero();
    assertThat(a.get("sha256").asText()).isEqualTo(sha256Hex(new byte[0]));
    assertThat(a.get("crc32").asLong()).isZero();
  }

  @Test
  void reprDigestRightIsAcceptedWrongIs422AndStoresNothing() {
    byte[] bytes = "digest me".getBytes();
    Resp ok =
        http.upload(
            "",
            "repr.txt",
            "text/plain",
            BodyPublishers.ofByteArray(bytes),
            Map.of(),
            Map.of("Repr-Digest", digestField(bytes)));
    assertThat(uploaded(ok).get("sha256").asText()).isEqualTo(sha256Hex(bytes));

    Resp wrong =
        nothingStored(
            () ->
                http.upload(
                    "",
                    "repr-wrong.txt",
                    "text/plain",
                    BodyPublishers.ofByteArray(bytes),
                    Map.of(),
                    Map.of("Repr-Digest", digestField("other".getBytes()))));
    assertInvalid(wrong, "header", "Repr-Digest");

    Resp malformed =
        nothingStored(
            () ->
                http.upload(
                    "",
                    "repr-bad.txt",
                    "text/plain",
                    BodyPublishers.ofByteArray(bytes),
                    Map.of(),
                    Map.of("Repr-Digest", "sha-256=not-base64")));
    assertInvalid(malformed, "header", "Repr-Digest");
  }

  @Test
  void contentDigestOfTheWholeBodyRightIsAcceptedWrongIs422() {
    Multipart m =
        Multipart.of(
            Part.field("description", "cd"), Part.file("cd.txt", "text/plain", "body".getBytes()));
    Resp ok = post(http, "", m, Map.of("Content-Digest", digestField(m.body())));
    assertThat(uploaded(ok).get("description").asText()).isEqualTo("cd");

    Multipart m2 = Multipart.of(Part.file("cd-wrong.txt", "text/plain", "body".getBytes()));
    // The digest of the file alone is not the digest of the request body.
    Resp wrong =
        nothingStored(
            () -> post(http, "", m2, Map.of("Content-Digest", digestField("body".getBytes()))));
    assertInvalid(wrong, "header", "Content-Digest");
  }
}

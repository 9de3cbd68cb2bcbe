package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.RawHttp;
import dev.assetstore.support.StrictZip;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET|HEAD /api/store/asset/download}: one file with HTTP semantics, or a zip. */
class DownloadAssetsTest {
  static final String DOWNLOAD = "/api/store/asset/download";
  static final String IMF_FIXDATE =
      "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$";

  static TestServer server;
  static Http http;
  static byte[] bytes;
  static JsonNode asset;
  static String id;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    bytes = new byte[100];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ('0' + i % 10);
    }
    asset = upload(http, "report.txt", bytes);
    id = asset.get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp download(String query, String... headers) {
    return http.get(DOWNLOAD + "?" + query, headers);
  }

  @Test
  void singleAssetComesWithItsHeaders() {
    Resp r = download("id=" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(r.header("Content-Type")).isEqualTo(asset.get("content_type").asText());
    assertThat(r.header("Content-Length")).isEqualTo("100");
    assertThat(r.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"report.txt\"; filename*=UTF-8''report.txt");
    assertThat(r.header("ETag")).isEqualTo("\"" + asset.get("sha256").asText() + "\"");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.header("Repr-Digest"))
        .isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(sha256(bytes)) + ":");
    String lastModified = r.header("Last-Modified");
    assertThat(lastModified).matches(IMF_FIXDATE);
    Instant created = Instant.parse(asset.get("created").asText());
    assertThat(ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
        .isEqualTo(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void trailingSlashSpellingWorksToo() {
    Resp r = http.get(DOWNLOAD + "/?id=" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
  }

  @Test
  void inlineTrueGivesInlineDisposition() {
    assertThat(download("id=" + id + "&inline=true").header("Content-Disposition"))
        .isEqualTo("inline; filename=\"report.txt\"; filename*=UTF-8''report.txt");
    assertThat(download("id=" + id + "&inline=false").header("Content-Disposition"))
        .startsWith("attachment;");
  }

  @Test
  void nonAsciiAndQuotedNamesAreEncodedInTheDisposition() {
    String name = "na\u00efve r\u00e9sum\u00e9 \"q\" 100%.txt";
    String nid =
        uploaded(http.upload("", "x.txt", "hi".getBytes(), Map.of("name", name)))
            .get("id")
            .asText();
    String cd = download("id=" + nid).header("Content-Disposition");
    assertThat(cd)
        .isEqualTo(
            "attachment; filename=\"na_ve r_sum_ _q_ 100%.txt\"; filename*=UTF-8''"
                + "na%C3%AFve%20r%C3%A9sum%C3%A9%20%22q%22%20100%25.txt");
    // What a client decodes from filename* is the stored name.
    String star = cd.substring(cd.indexOf("filename*=UTF-8''") + 17);
    assertThat(java.net.URLDecoder.decode(star.replace("+", "%2B"), StandardCharsets.UTF_8))
        .isEqualTo(name);
  }

  @Test
  void rangesGive206WithContentRange() {
    Resp first = download("id=" + id, "Range", "bytes=0-9");
    assertThat(first.status()).isEqualTo(206);
    assertThat(first.header("Content-Range")).isEqualTo("bytes 0-9/100");
    assertThat(first.header("Content-Length")).isEqualTo("10");
    assertThat(first.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 0, 10));

    Resp middle = download("id=" + id, "Range", "bytes=37-52");
    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 37-52/100");
    assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 37, 53));

    Resp suffix = download("id=" + id, "Range", "bytes=-7");
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.header("Content-Range")).isEqualTo("bytes 93-99/100");
    assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 93, 100));

    Resp open = download("id=" + id, "Range", "bytes=95-");
    assertThat(open.status()).isEqualTo(206);
    assertThat(open.header("Content-Range")).isEqualTo("bytes 95-99/100");
    assertThat(open.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 95, 100));

    Resp clamped = download("id=" + id, "Range", "bytes=90-1000");
    assertThat(clamped.status()).isEqualTo(206);
    assertThat(clamped.header("Content-Range")).isEqualTo("bytes 90-99/100");

    Resp bigSuffix = download("id=" + id, "Range", "bytes=-500");
    assertThat(bigSuffix.status()).isEqualTo(206);
    assertThat(bigSuffix.body()).isEqualTo(bytes);
  }

  @Test
  void unsatisfiableRangeIs416() {
    for (String range : List.of("bytes=500-600", "bytes=100-", "bytes=100-100", "bytes=-0")) {
      Resp r = download("id=" + id, "Range", range);
      assertError(r, 416);
      assertThat(r.header("Content-Range")).as(range).isEqualTo("bytes */100");
      assertThat(r.header("Repr-Digest")).as("no file digest on a JSON error").isNull();
    }
  }

  @Test
  void unparseableOrMultipleRangesGetTheWholeFile() {
    for (String range : List.of("lines=1-2", "bytes=abc", "bytes=5-2")) {
      Resp r = download("id=" + id, "Range", range);
      assertThat(r.status()).as(range).isEqualTo(200);
      assertThat(r.body()).isEqualTo(bytes);
    }
    Resp multi = download("id=" + id, "Range", "bytes=0-1,5-6");
    assertThat(multi.status()).isIn(200, 206);
  }

  @Test
  void ifNoneMatchGives304() {
    String etag = "\"" + asset.get("sha256").asText() + "\"";
    Resp r = download("id=" + id, "If-None-Match", etag);
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("ETag")).isEqualTo(etag);
    assertThat(download("id=" + id, "If-None-Match", "\"other\", " + etag).status()).isEqualTo(304);
    assertThat(download("id=" + id, "If-None-Match", "W/" + etag).status()).isEqualTo(304);
    assertThat(download("id=" + id, "If-None-Match", "*").status()).isEqualTo(304);
    Resp changed = download("id=" + id, "If-None-Match", "\"" + "0".repeat(64) + "\"");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo(bytes);
  }

  @Test
  void ifModifiedSinceGives304() {
    String lastModified = download("id=" + id).header("Last-Modified");
    Resp r = download("id=" + id, "If-Modified-Since", lastModified);
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    String later =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusDays(1));
    assertThat(download("id=" + id, "If-Modified-Since", later).status()).isEqualTo(304);
    String earlier = "Sat, 01 Jan 2000 00:00:00 GMT";
    Resp old = download("id=" + id, "If-Modified-Since", earlier);
    assertThat(old.status()).isEqualTo(200);
    assertThat(old.body()).isEqualTo(bytes);
    // If-None-Match wins over If-Modified-Since.
    assertThat(
            download("id=" + id, "If-Modified-Since", lastModified, "If-None-Match", "\"x\"")
                .status())
        .isEqualTo(200);
  }

  @Test
  void headAnswersTheHeadersWithoutABody() {
    Resp viaClient = http.head(DOWNLOAD + "?id=" + id);
    assertThat(viaClient.status()).isEqualTo(200);
    assertThat(viaClient.header("ETag")).isEqualTo("\"" + asset.get("sha256").asText() + "\"");
    assertThat(viaClient.body()).isEmpty();

    RawHttp.Raw raw =
        RawHttp.exchange(
            server.port(),
            "HEAD "
                + DOWNLOAD
                + "?id="
                + id
                + " HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                + TestServer.ADMIN_KEY
                + "\r\nConnection: close\r\n",
            null,
            10_000);
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.header("Content-Length")).isEqualTo("100");
    assertThat(raw.header("Content-Type")).isEqualTo(asset.get("content_type").asText());
    assertThat(raw.header("Content-Disposition")).startsWith("attachment;");
    assertThat(raw.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(raw.header("Repr-Digest")).startsWith("sha-256=:");
    assertThat(raw.rest()).isEmpty();
  }

  record Entry(String name, byte[] bytes) {}

  static List<Entry> unzipStream(byte[] zip) throws IOException {
    StrictZip.check(zip);
    List<Entry> out = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.add(new Entry(e.getName(), in.readAllBytes()));
      }
    }
    return out;
  }

  static List<Entry> unzipFile(byte[] zip) throws IOException {
    Path tmp = Files.createTempFile("assets", ".zip");
    try {
      Files.write(tmp, zip);
      List<Entry> out = new ArrayList<>();
      try (ZipFile z = new ZipFile(tmp.toFile())) {
        for (ZipEntry e : java.util.Collections.list(z.entries())) {
          try (var in = z.getInputStream(e)) {
            out.add(new Entry(e.getName(), in.readAllBytes()));
          }
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(out.getLast().bytes());
          assertThat(e.getCrc()).isEqualTo(crc.getValue());
        }
      }
      return out;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static Map<String, String> asMap(List<Entry> entries) {
    Map<String, String> m = new LinkedHashMap<>();
    entries.forEach(e -> m.put(e.name(), new String(e.bytes(), StandardCharsets.UTF_8)));
    return m;
  }

  @Test
  void severalIdsGiveAZipReadableBothWays() throws IOException {
    String a = upload(http, "one.txt", "first file").get("id").asText();
    String b = upload(http, "tw\u00f6.csv", "second,file\n").get("id").asText();
    Resp r = download("id=" + a + "&id=" + b + "&id=" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    assertThat(r.header("Content-Disposition")).startsWith("attachment;").contains(".zip");
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("one.txt", "first file");
    expected.put("tw\u00f6.csv", "second,file\n");
    expected.put("report.txt", new String(bytes, StandardCharsets.UTF_8));
    assertThat(asMap(unzipStream(r.body()))).containsExactlyEntriesOf(expected);
    assertThat(asMap(unzipFile(r.body()))).containsExactlyEntriesOf(expected);
  }

  @Test
  void duplicateNamesAreMadeUniqueInsideTheArchive() throws IOException {
    String f1 = server.createFolder("dup-one", null);
    String f2 = server.createFolder("dup-two", null);
    String root = upload(http, "same.png", "root copy").get("id").asText();
    String in1 =
        uploaded(http.upload("?folder=" + f1, "same.png", "copy one".getBytes(), Map.of()))
            .get("id")
            .asText();
    String in2 =
        uploaded(http.upload("?folder=" + f2, "same.png", "copy two".getBytes(), Map.of()))
            .get("id")
            .asText();
    Resp r = download("id=" + root + "&id=" + in1 + "&id=" + in2);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("same.png", "root copy");
    expected.put("same (1).png", "copy one");
    expected.put("same (2).png", "copy two");
    assertThat(asMap(unzipStream(r.body()))).containsExactlyEntriesOf(expected);
    assertThat(asMap(unzipFile(r.body()))).containsExactlyEntriesOf(expected);
  }

  @Test
  void emptyFilesAndManyEntriesZipCorrectly() throws IOException {
    List<String> ids = new ArrayList<>();
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      String content = i % 5 == 0 ? "" : "content " + i;
      ids.add(upload(http, "many-" + i + ".txt", content).get("id").asText());
      expected.put("many-" + i + ".txt", content);
    }
    Resp r = download(ids.stream().map(x -> "id=" + x).collect(Collectors.joining("&")));
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    assertThat(asMap(unzipFile(r.body()))).containsExactlyEntriesOf(expected);
  }

  @Test
  void headOfAZipHasItsLength() {
    String a = upload(http, "h1.txt", "aaa").get("id").asText();
    String q = "id=" + a + "&id=" + id;
    Resp full = download(q);
    Resp head = http.head(DOWNLOAD + "?" + q);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo("application/zip");
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(full.body().length));
  }

  @Test
  void anyUnknownIdIs404() {
    String unknown = UUID.randomUUID().toString();
    assertError(download("id=" + unknown), 404);
    assertError(download("id=" + id + "&id=" + unknown), 404);
    assertError(download("id=" + id + "&id=not-a-uuid"), 404);
    assertError(download("id=not-a-uuid"), 404);
    assertError(download("id=" + id.toUpperCase()), 404);
  }

  @Test
  void missingIdIs422() {
    assertInvalid(http.get(DOWNLOAD), "query", "id");
    assertInvalid(http.get(DOWNLOAD + "/"), "query", "id");
    assertInvalid(http.get(DOWNLOAD + "?other=1"), "query", "id");
  }

  @Test
  void moreThan1000IdsIs422AndExactly1000Passes() {
    // HTTP/1.1: the request line of 1,001 ids is about 40 KB (API.md §3 allows 64 KiB).
    Http h1 = http.http11();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    String q = ids.stream().map(x -> "id=" + x).collect(Collectors.joining("&"));
    assertInvalid(h1.get(DOWNLOAD + "?" + q), "query", "id");
    // 1000 ids pass the count check (and then fail as unknown).
    String q1000 =
        ids.subList(0, 1000).stream().map(x -> "id=" + x).collect(Collectors.joining("&"));
    assertError(h1.get(DOWNLOAD + "?" + q1000), 404);
    // The same id repeated counts once.
    String same =
        java.util.Collections.nCopies(1001, "id=" + id).stream().collect(Collectors.joining("&"));
    assertThat(h1.get(DOWNLOAD + "?" + same).status()).isEqualTo(200);
  }
}

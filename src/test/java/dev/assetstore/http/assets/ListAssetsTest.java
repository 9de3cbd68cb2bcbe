package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code GET /api/store/asset/} and {@code …/filters}: API.md §4 applied to assets. */
class ListAssetsTest {
  static TestServer server;
  static Http http;
  static Http other;
  static String otherKeyId;
  static String folderId;

  /** Every seeded asset (hydrate=false), by name. */
  static Map<String, JsonNode> byName = new HashMap<>();

  static List<JsonNode> all;

  @BeforeAll
  static void seed() {
    server = TestServer.start();
    http = server.http;
    Resp k =
        http.json(
            "POST",
            "/api/admin/api-keys/",
            Map.of("label", "other uploader", "scopes", List.of("store:read", "store:write")));
    otherKeyId = k.json().get("id").asText();
    other = http.as(k.json().get("key").asText());
    folderId = server.createFolder("Docs", null);

    String[][] seed = {
      // name, part type, tags, description, uploader(0 admin/1 other), folder(0/1)
      {"alpha.txt", "text/plain", "[\"red\"]", "The Needle is here", "0", "0"},
      {"Beta.png", "image/png", "[\"red\",\"blue\"]", null, "1", "0"},
      {"gamma.csv", "text/csv", "[]", "numbers", "0", "1"},
      {"delta.txt", "text/plain", "[\"Blue\"]", null, "1", "1"},
      {"Epsilon.pdf", "application/pdf", "[\"red\"]", "a haystack", "0", "0"},
      {"zeta.json", "application/json", "[\"green\"]", null, "1", "0"},
      {"eta.txt", "text/plain", "[\"red\",\"green\"]", "needle again", "0", "1"},
      {"theta.txt", "text/plain", "[]", null, "1", "0"},
      {"iota.png", "image/png", "[\"blue\"]", "pic", "0", "0"},
      {"kappa.md", "text/markdown", "[\"red\"]", null, "1", "1"},
      {"lambda.txt", "text/plain", "[]", "100% sure_thing", "0", "0"},
      {"mu.bin", "application/x-custom", "[\"blue\",\"red\"]", null, "1", "0"},
    };
    for (int i = 0; i < seed.length; i++) {
      String[] s = seed[i];
      Map<String, String> fields = new HashMap<>();
      fields.put("tags", s[2]);
      if (s[3] != null) {
        fields.put("description", s[3]);
      }
      byte[] bytes = new byte[i * 10 + 1 + (i % 3 == 0 ? 100 : 0)];
      java.util.Arrays.fill(bytes, (byte) ('a' + i));
      Http who = s[4].equals("1") ? other : http;
      Resp r =
          who.upload(
              s[5].equals("1") ? "?folder=" + folderId : "",
              s[0],
              s[1],
              BodyPublishers.ofByteArray(bytes),
              fields,
              Map.of());
      uploaded(r);
    }
    all = items(http.get(ASSETS + "?limit=250&hydrate=false"));
    all.forEach(a -> byName.put(a.get("name").asText(), a));
    assertThat(all).hasSize(seed.length);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<JsonNode> items(Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("items").forEach(out::add);
    return out;
  }

  static List<String> ids(List<JsonNode> items) {
    return items.stream().map(a -> a.get("id").asText()).toList();
  }

  static String id(String name) {
    return byName.get(name).get("id").asText();
  }

  static String field(String name, String f) {
    return byName.get(name).get(f).asText();
  }

  static Comparator<JsonNode> order(String field, boolean desc) {
    Comparator<JsonNode> c =
        field.equals("size")
            ? Comparator.comparingLong(a -> a.get("size").asLong())
            : Comparator.comparing(a -> a.get(field).asText());
    c = c.thenComparing(a -> a.get("id").asText());
    return desc ? c.reversed() : c;
  }

  @Test
  void defaultsAreCreatedDescendingLimit50WithTotal() {
    for (String path : List.of("/api/store/asset/", "/api/store/asset")) {
      Resp r = http.get(path);
      assertThat(r.status()).isEqualTo(200);
      JsonNode page = r.json();
      assertThat(page.get("limit").asInt()).isEqualTo(50);
      assertThat(page.get("collection_total").asLong()).isEqualTo(all.size());
      assertThat(page.get("next_page").asBoolean()).isFalse();
      assertThat(page.get("next_cursor").isNull()).isTrue();
      List<JsonNode> items = items(r);
      assertThat(ids(items)).isEqualTo(ids(all.stream().sorted(order("created", true)).toList()));
      // hydrate defaults to true
      assertThat(items.getFirst().get("created_by").isObject()).isTrue();
    }
    assertThat(http.get("/api/store/asset").json()).isEqualTo(http.get("/api/store/asset/").json());
  }

  @Test
  void limitBoundsAre1To250() {
    for (String bad : List.of("0", "251", "-1", "abc", "1.5")) {
      assertInvalid(http.get(ASSETS + "?limit=" + bad), "query", "limit");
    }
    JsonNode one = http.get(ASSETS + "?limit=1").json();
    assertThat(one.get("items")).hasSize(1);
    assertThat(one.get("limit").asInt()).isEqualTo(1);
    assertThat(one.get("next_page").asBoolean()).isTrue();
    assertThat(one.get("next_cursor").asText()).matches("^[A-Za-z0-9_.-]+$");
    assertThat(http.get(ASSETS + "?limit=250").json().get("limit").asInt()).isEqualTo(250);
  }

  @TestFactory
  Stream<DynamicTest> everySortableFieldInBothOrdersWalksInOrder() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String f : List.of("name", "size", "content_type", "created", "updated")) {
      for (boolean desc : List.of(true, false)) {
        String order = desc ? "desc" : "asc";
        tests.add(
            dynamicTest(
                f + " " + order,
                () -> {
                  List<JsonNode> walked =
                      http.walk(
                          ASSETS + "?limit=3&hydrate=false&sort_by=" + f + "&sort_order=" + order);
                  assertThat(ids(walked))
                      .isEqualTo(ids(all.stream().sorted(order(f, desc)).toList()));
                }));
      }
    }
    tests.add(
        dynamicTest(
            "sort_order alone (asc) keeps the default field",
            () ->
                assertThat(ids(http.walk(ASSETS + "?limit=5&sort_order=asc")))
                    .isEqualTo(ids(all.stream().sorted(order("created", false)).toList()))));
    return tests.stream();
  }

  @Test
  void unknownOrUnsortableSortByAndBadSortOrderAre422() {
    for (String bad : List.of("bogus", "folder", "sha256", "tags", "created_by", "NAME")) {
      assertInvalid(http.get(ASSETS + "?sort_by=" + bad), "query", "sort_by");
    }
    assertInvalid(http.get(ASSETS + "?sort_order=up"), "query", "sort_order");
    assertInvalid(http.get(ASSETS + "?sort_order=DESC"), "query", "sort_order");
  }

  record Case(String query, Predicate<JsonNode> expected, boolean trivialAllowed) {}

  static Case c(String query, Predicate<JsonNode> p) {
    return new Case(query, p, false);
  }

  static Predicate<JsonNode> str(String f, Predicate<String> p) {
    return a -> !a.get(f).isNull() && p.test(a.get(f).asText());
  }

  static Predicate<JsonNode> size(Predicate<Long> p) {
    return a -> p.test(a.get("size").asLong());
  }

  static Predicate<JsonNode> tag(String t) {
    return a -> {
      for (JsonNode n : a.get("tags")) {
        if (n.asText().equals(t)) {
          return true;
        }
      }
      return false;
    };
  }

  static Predicate<JsonNode> inFolder() {
    return a -> !a.get("folder").isNull();
  }

  /** The same instant written with a +02:00 offset. */
  static String plus2(String rfc3339) {
    return java.time.OffsetDateTime.parse(rfc3339)
        .withOffsetSameInstant(java.time.ZoneOffset.ofHours(2))
        .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  @TestFactory
  Stream<DynamicTest> everyFilterOperatorSelectsExactlyTheMatchingRecords() {
    String ct = field("alpha.txt", "content_type");
    long s5 = byName.get("Epsilon.pdf").get("size").asLong();
    String sha = field("gamma.csv", "sha256");
    String t5 = field("Epsilon.pdf", "created");
    String t8 = field("iota.png", "created");
    String u5 = field("Epsilon.pdf", "updated");
    String admin = field("alpha.txt", "created_by");
    Function<String, Predicate<JsonNode>> created =
        op ->
            switch (op) {
              case "gt" -> str("created", s -> s.compareTo(t5) > 0);
              case "gte" -> str("created", s -> s.compareTo(t5) >= 0);
              case "lt" -> str("created", s -> s.compareTo(t5) < 0);
              default -> str("created", s -> s.compareTo(t5) <= 0);
            };
    List<Case> cases =
        List.of(
            c("name=alpha.txt", str("name", "alpha.txt"::equals)),
            c("name__eq=alpha.txt", str("name", "alpha.txt"::equals)),
            c("name__ne=alpha.txt", str("name", s -> !s.equals("alpha.txt"))),
            c(
                "name__in=alpha.txt,gamma.csv,missing",
                str("name", s -> s.equals("alpha.txt") || s.equals("gamma.csv"))),
            c(
                "name__not_in=alpha.txt,gamma.csv",
                str("name", s -> !s.equals("alpha.txt") && !s.equals("gamma.csv"))),
            c("name__contains=eta", str("name", s -> s.contains("eta"))),
            c("name__contains=E", str("name", s -> s.contains("E"))),
            c("name__icontains=BETA", str("name", s -> s.toLowerCase().contains("beta"))),
            c("name__icontains=e", str("name", s -> s.toLowerCase().contains("e"))),
            c("name__startswith=e", str("name", s -> s.startsWith("e"))),
            c("name__startswith=E", str("name", s -> s.startsWith("E"))),
            new Case("name__isnull=false", a -> true, true),
            new Case("name__isnull=true", a -> false, true),
            c("content_type=" + Http.enc(ct), str("content_type", ct::equals)),
            c("content_type__ne=" + Http.enc(ct), str("content_type", s -> !s.equals(ct))),
            c(
                "content_type__startswith=image%2F",
                str("content_type", s -> s.startsWith("image/"))),
            c("content_type__contains=pdf", str("content_type", s -> s.contains("pdf"))),
            c(
                "content_type__icontains=PDF",
                str("content_type", s -> s.toLowerCase().contains("pdf"))),
            c(
                "content_type__in=image%2Fpng,application%2Fpdf",
                str("content_type", s -> s.equals("image/png") || s.equals("application/pdf"))),
            c(
                "content_type__not_in=image%2Fpng,application%2Fpdf",
                str("content_type", s -> !s.equals("image/png") && !s.equals("application/pdf"))),
            c("size=" + s5, size(s -> s == s5)),
            c("size__eq=" + s5, size(s -> s == s5)),
            c("size__ne=" + s5, size(s -> s != s5)),
            c("size__gt=" + s5, size(s -> s > s5)),
            c("size__gte=" + s5, size(s -> s >= s5)),
            c("size__lt=" + s5, size(s -> s < s5)),
            c("size__lte=" + s5, size(s -> s <= s5)),
            c("size__in=11,21,999", size(s -> s == 11 || s == 21)),
            c("size__not_in=11,21", size(s -> s != 11 && s != 21)),
            new Case("size__isnull=false", a -> true, true),
            c("folder=" + folderId, inFolder()),
            c("folder__eq=" + folderId, inFolder()),
            c("folder__ne=" + folderId, inFolder().negate()),
            c("folder__in=" + folderId + ",01920000-0000-7000-8000-000000000000", inFolder()),
            c("folder__not_in=" + folderId, inFolder().negate()),
            c("folder__isnull=true", inFolder().negate()),
            c("folder__isnull=false", inFolder()),
            c("tags=red", tag("red")),
            c("tags__contains=red", tag("red")),
            c("tags__contains=blue", tag("blue")),
            c("tags__contains=Blue", tag("Blue")),
            c("tags__contains=red&tags__contains=blue", tag("red").and(tag("blue"))),
            c("sha256=" + sha, str("sha256", sha::equals)),
            c(
                "sha256__startswith=" + sha.substring(0, 10),
                str("sha256", s -> s.startsWith(sha.substring(0, 10)))),
            c("created=" + Http.enc(t5), str("created", t5::equals)),
            c("created__eq=" + Http.enc(t5), str("created", t5::equals)),
            c("created__ne=" + Http.enc(t5), str("created", s -> !s.equals(t5))),
            c("created__gt=" + Http.enc(t5), created.apply("gt")),
            c("created__gte=" + Http.enc(t5), created.apply("gte")),
            c("created__lt=" + Http.enc(t5), created.apply("lt")),
            c("created__lte=" + Http.enc(t5), created.apply("lte")),
            c(
                "created__in=" + Http.enc(t5 + "," + t8),
                str("created", s -> s.equals(t5) || s.equals(t8))),
            c(
                "created__not_in=" + Http.enc(t5 + "," + t8),
                str("created", s -> !s.equals(t5) && !s.equals(t8))),
            c("created__gt=" + Http.enc(t5.replace("Z", "+00:00")), created.apply("gt")),
            c("created__lte=" + Http.enc(plus2(t5)), created.apply("lte")),
            c("updated__gte=" + Http.enc(u5), str("updated", s -> s.compareTo(u5) >= 0)),
            c("updated__lt=" + Http.enc(u5), str("updated", s -> s.compareTo(u5) < 0)),
            new Case("created__isnull=false", a -> true, true),
            c("created_by=" + otherKeyId, str("created_by", otherKeyId::equals)),
            c("created_by__eq=" + admin, str("created_by", admin::equals)),
            c("created_by__ne=" + otherKeyId, str("created_by", s -> !s.equals(otherKeyId))),
            c("created_by__in=" + otherKeyId, str("created_by", otherKeyId::equals)),
            c("created_by__not_in=" + otherKeyId, str("created_by", s -> !s.equals(otherKeyId))),
            new Case("created_by__isnull=false", a -> true, true),
            c("q=needle", a -> a.get("description").asText("").toLowerCase().contains("needle")),
            c("q=ALPHA", str("name", s -> s.toLowerCase().contains("alpha"))),
            c("q=100%25", a -> a.get("description").asText("").contains("100%")),
            c(
                "q=e_t",
                a ->
                    a.get("description").asText("").contains("e_t")
                        || a.get("name").asText().contains("e_t")),
            c("tags__contains=red&size__gt=30", tag("red").and(size(s -> s > 30))),
            c(
                "tags__contains=red&q=needle&folder__isnull=true",
                tag("red")
                    .and(inFolder().negate())
                    .and(a -> a.get("description").asText("").toLowerCase().contains("needle"))));
    return cases.stream()
        .map(
            k ->
                dynamicTest(
                    k.query(),
                    () -> {
                      List<String> expected =
                          ids(
                              all.stream()
                                  .filter(k.expected())
                                  .sorted(order("created", true))
                                  .toList());
                      if (!k.trivialAllowed()) {
                        assertThat(expected)
                            .as("fixture makes the case meaningful")
                            .isNotEmpty()
                            .hasSizeLessThan(all.size());
                      }
                      String path = ASSETS + "?" + k.query() + "&limit=2&hydrate=false";
                      assertThat(ids(http.walk(path))).isEqualTo(expected);
                      JsonNode first = http.get(path).json();
                      assertThat(first.get("collection_total").asLong()).isEqualTo(expected.size());
                    }));
  }

  @Test
  void unknownFieldsAndUnsupportedOperatorsAre422NeverIgnored() {
    for (String param :
        List.of(
            "bogus",
            "description",
            "path",
            "id",
            "name__gt",
            "name__bogus",
            "name__",
            "__eq",
            "size__contains",
            "size__startswith",
            "tags__eq",
            "tags__in",
            "folder__contains",
            "folder__gt",
            "created__startswith",
            "created_by__icontains",
            "sha256__gt")) {
      assertInvalid(http.get(ASSETS + "?" + param + "=x"), "query", param);
    }
  }

  @Test
  void badFilterValuesAre422() {
    for (String q :
        List.of(
            "size=abc",
            "size__in=1,x",
            "size__gt=1.5",
            "created__gt=yesterday",
            "created__gt=2026-01-01",
            "updated__lt=2026-01-01T00%3A00%3A00",
            "name__isnull=maybe",
            "folder__isnull=2")) {
      assertInvalid(http.get(ASSETS + "?" + q), "query", q.substring(0, q.indexOf('=')));
    }
    assertInvalid(http.get(ASSETS + "?include_total=maybe"), "query", "include_total");
    assertInvalid(http.get(ASSETS + "?hydrate=maybe"), "query", "hydrate");
  }

  @Test
  void includeTotalFalseReportsZero() {
    JsonNode page = http.get(ASSETS + "?include_total=false&limit=5").json();
    assertThat(page.get("collection_total").asLong()).isZero();
    assertThat(page.get("items")).hasSize(5);
    JsonNode filtered = http.get(ASSETS + "?include_total=false&tags__contains=red").json();
    assertThat(filtered.get("collection_total").asLong()).isZero();
    assertThat(filtered.get("items")).isNotEmpty();
    assertThat(
            http.get(ASSETS + "?include_total=true&limit=5")
                .json()
                .get("collection_total")
                .asLong())
        .isEqualTo(all.size());
  }

  @Test
  void hydrateFalseGivesIdsForReferencesTrueGivesRecords() {
    String inFolder = id("gamma.csv");
    JsonNode plain = http.get(ASSETS + "?hydrate=false&name=gamma.csv").json().get("items").get(0);
    assertThat(plain.get("id").asText()).isEqualTo(inFolder);
    assertThat(plain.get("created_by").isTextual()).isTrue();
    assertThat(plain.get("folder").asText()).isEqualTo(folderId);
    assertThat(plain.get("path").asText()).isEqualTo("/Docs/gamma.csv");

    JsonNode full = http.get(ASSETS + "?name=gamma.csv").json().get("items").get(0);
    assertThat(full.get("created_by").get("id").asText())
        .isEqualTo(plain.get("created_by").asText());
    assertThat(full.get("created_by").get("type").asText()).isEqualTo("api_key");
    assertThat(full.get("created_by").get("name").asText()).isEqualTo("bootstrap admin");
    assertThat(full.get("folder").get("id").asText()).isEqualTo(folderId);
    assertThat(full.get("folder").get("name").asText()).isEqualTo("Docs");
    assertThat(full.get("folder").get("path").asText()).isEqualTo("/Docs");
    // The nested FolderRead is the folder's own record with its references left as IDs.
    assertThat(full.get("folder"))
        .isEqualTo(http.get("/api/store/folder/" + folderId + "?hydrate=false").json());

    JsonNode byOther = http.get(ASSETS + "?name=Beta.png").json().get("items").get(0);
    assertThat(byOther.get("created_by").get("id").asText()).isEqualTo(otherKeyId);
    assertThat(byOther.get("created_by").get("name").asText()).isEqualTo("other uploader");
  }

  static String firstCursor(String query) {
    JsonNode page = http.get(ASSETS + "?limit=2" + query).json();
    assertThat(page.get("next_page").asBoolean()).isTrue();
    return page.get("next_cursor").asText();
  }

  @Test
  void malformedOrTamperedCursorsAre422() {
    String cursor = firstCursor("");
    assertThat(http.get(ASSETS + "?limit=2&cursor=" + Http.enc(cursor)).status()).isEqualTo(200);
    int dot = cursor.indexOf('.');
    List<String> bad = new ArrayList<>();
    bad.add("abc");
    bad.add("not a cursor at all");
    bad.add(".");
    bad.add(cursor.substring(0, dot));
    bad.add(cursor + "x");
    // A changed signature character (the first one: all six of its bits are significant).
    char sig = cursor.charAt(dot + 1);
    bad.add(cursor.substring(0, dot + 1) + (sig == 'A' ? 'B' : 'A') + cursor.substring(dot + 2));
    bad.add((cursor.charAt(0) == 'e' ? "f" : "e") + cursor.substring(1));
    // The last character changed within its unused low bits: the same bytes, another spelling.
    char last = cursor.charAt(cursor.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int v = alphabet.indexOf(last);
    int unusedBits = (8 * 16) % 6 == 0 ? 0 : 6 - (8 * 16) % 6; // a 16-byte tag: 2 unused bits
    char sibling = alphabet.charAt(v ^ ((1 << unusedBits) - 1));
    assertThat(sibling).isNotEqualTo(last);
    bad.add(cursor.substring(0, cursor.length() - 1) + sibling);
    // A re-encoded payload with a forged position keeps the old signature.
    String payload = new String(java.util.Base64.getUrlDecoder().decode(cursor.substring(0, dot)));
    String forged = payload.replaceFirst("\"v\":\\d+", "\"v\":1");
    assertThat(forged).isNotEqualTo(payload);
    bad.add(
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes())
            + cursor.substring(dot));
    for (String c : bad) {
      assertInvalid(http.get(ASSETS + "?limit=2&cursor=" + Http.enc(c)), "query", "cursor");
    }
  }

  @Test
  void aCursorIsBoundToItsSortAndFilters() {
    String cursor = Http.enc(firstCursor("&tags__contains=red"));
    assertThat(http.get(ASSETS + "?limit=2&tags__contains=red&cursor=" + cursor).status())
        .isEqualTo(200);
    // The page size is not part of the position.
    assertThat(http.get(ASSETS + "?limit=5&tags__contains=red&cursor=" + cursor).status())
        .isEqualTo(200);
    for (String q :
        List.of(
            "",
            "&tags__contains=blue",
            "&tags__contains=red&size__gt=1",
            "&tags=red&sort_by=name",
            "&tags__contains=red&sort_order=asc",
            "&tags__contains=red&sort_by=size",
            "&tags__contains=red&q=needle")) {
      assertInvalid(http.get(ASSETS + "?limit=2&cursor=" + cursor + q), "query", "cursor");
    }
    String bySize = Http.enc(firstCursor("&sort_by=size"));
    assertInvalid(http.get(ASSETS + "?limit=2&sort_by=name&cursor=" + bySize), "query", "cursor");
    assertThat(http.get(ASSETS + "?limit=2&sort_by=size&cursor=" + bySize).status()).isEqualTo(200);
  }

  @Test
  void walkingAllPagesReturnsEachRecordOnceForEveryPageSize() {
    for (int limit : List.of(1, 2, 5, 11, 12, 13, 250)) {
      List<String> walked = ids(http.walk(ASSETS + "?limit=" + limit));
      assertThat(walked).hasSize(all.size()).doesNotHaveDuplicates();
      assertThat(new HashSet<>(walked)).isEqualTo(new HashSet<>(ids(all)));
    }
  }

  @Test
  void walkingWhileRecordsAreInsertedAndDeletedSeesEachSurvivorOnce() {
    JsonNode doomed = upload(http, "doomed.txt", "bye");
    List<String> before = ids(items(http.get(ASSETS + "?limit=250&sort_by=name&sort_order=asc")));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int page = 0;
    do {
      String url =
          ASSETS
              + "?limit=3&sort_by=name&sort_order=asc"
              + (cursor == null ? "" : "&cursor=" + Http.enc(cursor));
      JsonNode p = http.get(url).json();
      p.get("items").forEach(a -> seen.add(a.get("id").asText()));
      if (page++ == 0) {
        // Changes behind and ahead of the position while the walk is in progress.
        upload(http, "aaa-inserted-behind.txt", "x");
        upload(http, "zzz-inserted-ahead.txt", "x");
        assertThat(http.delete(ASSETS + doomed.get("id").asText()).status()).isEqualTo(204);
      }
      cursor = p.get("next_page").asBoolean() ? p.get("next_cursor").asText() : null;
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates();
    List<String> survivors = new ArrayList<>(before);
    survivors.remove(doomed.get("id").asText());
    assertThat(seen).containsAll(survivors);
    assertThat(seen).doesNotContain(doomed.get("id").asText());
    // clean up so the other tests see the fixture
    for (JsonNode a :
        items(http.get(ASSETS + "?name__in=aaa-inserted-behind.txt,zzz-inserted-ahead.txt"))) {
      assertThat(http.delete(ASSETS + a.get("id").asText()).status()).isEqualTo(204);
    }
    assertThat(total(http)).isEqualTo(all.size());
  }

  @Test
  void filtersDocumentDescribesTheAssetList() {
    for (String path : List.of(ASSETS + "filters", ASSETS + "filters/")) {
      Resp r = http.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      JsonNode doc = r.json();
      assertThat(doc.get("default_sort_by").asText()).isEqualTo("created");
      assertThat(doc.get("default_sort_order").asText()).isEqualTo("desc");
      List<String> sortBy = new ArrayList<>();
      doc.get("sort_by").forEach(n -> sortBy.add(n.asText()));
      assertThat(sortBy)
          .containsExactlyInAnyOrder("name", "size", "content_type", "created", "updated");
      JsonNode filters = doc.get("filters");
      List<String> names = new ArrayList<>();
      filters.fieldNames().forEachRemaining(names::add);
      assertThat(names)
          .containsExactlyInAnyOrder(
              "name",
              "content_type",
              "size",
              "folder",
              "tags",
              "sha256",
              "created",
              "updated",
              "created_by");
      Map<String, String> types =
          Map.of(
              "name",
              "string",
              "content_type",
              "string",
              "sha256",
              "string",
              "size",
              "integer",
              "created",
              "datetime",
              "updated",
              "datetime",
              "folder",
              "id",
              "created_by",
              "id",
              "tags",
              "tags");
      Map<String, List<String>> ops =
          Map.of(
              "string",
                  List.of(
                      "eq", "ne", "in", "not_in", "contains", "icontains", "startswith", "isnull"),
              "integer", List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "isnull"),
              "datetime", List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "isnull"),
              "id", List.of("eq", "ne", "in", "not_in", "isnull"),
              "tags", List.of("contains"));
      for (String n : names) {
        JsonNode f = filters.get(n);
        assertThat(f.get("type").asText()).as(n).isEqualTo(types.get(n));
        List<String> listed = new ArrayList<>();
        f.get("operators").forEach(o -> listed.add(o.asText()));
        assertThat(listed).as(n).containsExactlyInAnyOrderElementsOf(ops.get(types.get(n)));
      }
    }
  }

  @Test
  void everyFilterAndOperatorTheDocumentListsIsAcceptedByTheList() {
    JsonNode doc = http.get(ASSETS + "filters").json();
    Map<String, String> sample =
        Map.of(
            "string", "x",
            "integer", "5",
            "datetime", Http.enc("2026-01-01T00:00:00.000000Z"),
            "id", "01920000-0000-7000-8000-000000000000",
            "tags", "red",
            "boolean", "true");
    var it = doc.get("filters").fields();
    int checked = 0;
    while (it.hasNext()) {
      var e = it.next();
      String type = e.getValue().get("type").asText();
      for (JsonNode op : e.getValue().get("operators")) {
        String value = op.asText().equals("isnull") ? "false" : sample.get(type);
        String url = ASSETS + "?" + e.getKey() + "__" + op.asText() + "=" + value;
        Resp r = http.get(url);
        assertThat(r.status()).as(url + " " + r.text()).isEqualTo(200);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(40);
    for (JsonNode s : doc.get("sort_by")) {
      for (String order : List.of("asc", "desc")) {
        assertThat(http.get(ASSETS + "?sort_by=" + s.asText() + "&sort_order=" + order).status())
            .isEqualTo(200);
      }
    }
  }
}

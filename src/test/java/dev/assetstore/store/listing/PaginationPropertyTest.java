package dev.assetstore.store.listing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyset pagination as a property (API.md §4): for random data, sort, order, page size and filter,
 * the upstream loop yields every match exactly once, in (sort field, id) order, and
 * collection_total counts the matches. Seeded; the seed is in the test name and every message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaginationPropertyTest {
  static final long DATA_SEED = Long.getLong("pagination.seed", System.nanoTime());
  static final int ASSETS = 100;
  static final String LIST = "/api/store/asset/";
  static final List<String> SORTS = List.of("name", "size", "content_type", "created", "updated");
  static final List<String> NAMES =
      List.of(
          "a.txt",
          "A.txt",
          "a",
          "aa",
          "a b.txt",
          "a_(1).txt",
          "b.png",
          "Zeta.bin",
          "z",
          "résumé.pdf",
          "Ärger.txt",
          "日本.txt",
          "é",
          "😀.png",
          "a%b.txt",
          "ab_c");
  static final List<String> TYPES =
      Arrays.asList("text/plain", "image/png", "application/json", "application/pdf", null);
  static final List<String> TAGS = List.of("red", "green", "blue", "Red");

  static TestServer server;
  static Http http;

  /** What the API said about every record (the last write wins). */
  static final Map<String, JsonNode> truth = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    System.out.println("PaginationPropertyTest data seed: " + DATA_SEED);
    server = TestServer.start();
    http = server.http.http11();
    Random r = new Random(DATA_SEED);
    List<Object[]> specs = new ArrayList<>();
    for (int i = 0; i < ASSETS; i++) {
      String name = NAMES.get(r.nextInt(NAMES.size()));
      String type = TYPES.get(r.nextInt(TYPES.size()));
      byte[] bytes = new byte[1 + r.nextInt(20)]; // many size ties
      r.nextBytes(bytes);
      List<String> tags = new ArrayList<>();
      for (String t : TAGS) {
        if (r.nextInt(3) == 0) {
          tags.add(t);
        }
      }
      String description = r.nextInt(4) == 0 ? "has a Needle inside" : "plain";
      specs.add(new Object[] {name, type, bytes, tags, description});
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> fs = new ArrayList<>();
      for (Object[] s : specs) {
        fs.add(pool.submit(() -> upload(http, s)));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      // touch some records so "updated" differs from "created" order
      List<String> ids = new ArrayList<>(truth.keySet());
      ids.sort(null);
      fs.clear();
      for (String id : ids) {
        if (r.nextInt(3) == 0) {
          String d = r.nextBoolean() ? "patched needle" : "patched";
          fs.add(
              pool.submit(
                  () -> {
                    Resp p = http.json("PATCH", LIST + id, Map.of("description", d));
                    assertThat(p.status()).as(p.text()).isEqualTo(200);
                    truth.put(id, p.json());
                  }));
        }
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(truth).hasSize(ASSETS);
  }

  static JsonNode upload(Http h, Object[] s) {
    @SuppressWarnings("unchecked")
    List<String> tags = (List<String>) s[3];
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", (String) s[0]);
    fields.put("tags", Http.JSON.valueToTree(tags).toString());
    fields.put("description", (String) s[4]);
    Resp up =
        h.upload(
            "",
            "file.bin",
            (String) s[1],
            java.net.http.HttpRequest.BodyPublishers.ofByteArray((byte[]) s[2]),
            fields,
            Map.of());
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    JsonNode j = up.json();
    truth.put(j.get("id").asText(), j);
    return j;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- the model

  /** SQLite's BINARY collation: unsigned UTF-8 bytes. */
  static int binary(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static Comparator<JsonNode> order(String sort, boolean desc) {
    Comparator<JsonNode> bySort =
        switch (sort) {
          case "size" -> Comparator.comparingLong(j -> j.get("size").asLong());
          // RFC 3339 with fixed six fraction digits and Z: text order is time order
          default -> (x, y) -> binary(x.get(sort).asText(), y.get(sort).asText());
        };
    Comparator<JsonNode> c = bySort.thenComparing(j -> j.get("id").asText());
    return desc ? c.reversed() : c;
  }

  record Filter(String query, Predicate<JsonNode> test) {}

  static String lower(String s) {
    // SQLite lower() folds ASCII only
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> b.appendCodePoint(cp < 128 ? Character.toLowerCase(cp) : cp));
    return b.toString();
  }

  static Filter one(Random r) {
    List<JsonNode> all = new ArrayList<>(truth.values());
    all.sort(Comparator.comparing(j -> j.get("id").asText()));
    JsonNode pick = all.get(r.nextInt(all.size()));
    long size = pick.get("size").asLong();
    String created = pick.get("created").asText();
    String updated = pick.get("updated").asText();
    String type = pick.get("content_type").asText();
    String tag = TAGS.get(r.nextInt(TAGS.size()));
    String needle =
        List.of("a", "A", "txt", "(1)", "a_", "_", "%", "b.", "é", "日", "😀", "Needle")
            .get(r.nextInt(12));
    return switch (r.nextInt(16)) {
      case 0 -> new Filter("size__gt=" + size, j -> j.get("size").asLong() > size);
      case 1 -> new Filter("size__lte=" + size, j -> j.get("size").asLong() <= size);
      case 2 -> new Filter("size=" + size, j -> j.get("size").asLong() == size);
      case 3 -> {
        long other = 1 + r.nextInt(20);
        yield new Filter(
            "size__in=" + size + "," + other,
            j -> j.get("size").asLong() == size || j.get("size").asLong() == other);
      }
      case 4 -> new Filter("size__ne=" + size, j -> j.get("size").asLong() != size);
      case 5 ->
          new Filter("tags=" + tag, j -> j.get("tags").toString().contains("\"" + tag + "\""));
      case 6 ->
          new Filter(
              "tags__contains=" + tag, j -> j.get("tags").toString().contains("\"" + tag + "\""));
      case 7 ->
          new Filter(
              "name__icontains=" + Http.enc(needle),
              j -> lower(j.get("name").asText()).contains(lower(needle)));
      case 8 ->
          new Filter(
              "name__contains=" + Http.enc(needle), j -> j.get("name").asText().contains(needle));
      case 9 ->
          new Filter(
              "name__startswith=" + Http.enc(needle),
              j -> j.get("name").asText().startsWith(needle));
      case 10 ->
          new Filter(
              "content_type=" + Http.enc(type), j -> j.get("content_type").asText().equals(type));
      case 11 ->
          new Filter(
              "content_type__ne=" + Http.enc(type),
              j -> !j.get("content_type").asText().equals(type));
      case 12 ->
          new Filter(
              "q=" + Http.enc(needle),
              j ->
                  lower(j.get("name").asText()).contains(lower(needle))
                      || lower(j.get("description").asText("")).contains(lower(needle)));
      case 13 ->
          new Filter(
              "created__gt=" + Http.enc(created),
              j -> j.get("created").asText().compareTo(created) > 0);
      case 14 ->
          new Filter(
              "updated__lte=" + Http.enc(updated),
              j -> j.get("updated").asText().compareTo(updated) <= 0);
      default ->
          new Filter(
              "name__in=" + Http.enc(pick.get("name").asText()) + ",z",
              j ->
                  j.get("name").asText().equals(pick.get("name").asText())
                      || j.get("name").asText().equals("z"));
    };
  }

  static Filter filter(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> new Filter("", j -> true);
      case 1 -> {
        Filter a = one(r);
        Filter b = one(r);
        if (a.query().startsWith("q=") && b.query().startsWith("q=")) {
          yield a; // q is a scalar parameter: a repeated q means the last one, not AND
        }
        yield new Filter(a.query() + "&" + b.query(), a.test().and(b.test()));
      }
      default -> one(r);
    };
  }

  static Stream<Long> seeds() {
    long base = Long.getLong("pagination.walkSeed", DATA_SEED);
    return IntStream.range(0, 50).mapToObj(i -> base * 31 + i);
  }

  /** The upstream loop, checking each page's envelope on the way. */
  static List<String> walk(
      String query,
      int limit,
      boolean includeTotal,
      long expectedTotal,
      String ctx,
      Runnable betweenPages) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String url = LIST + "?" + query + (cursor == null ? "" : "&cursor=" + Http.enc(cursor));
      Resp resp = http.get(url);
      assertThat(resp.status()).as(ctx + " " + url + " " + resp.text()).isEqualTo(200);
      JsonNode page = resp.json();
      int n = page.get("items").size();
      assertThat(page.get("limit").asInt()).as(ctx).isEqualTo(limit);
      assertThat(n).as(ctx).isLessThanOrEqualTo(limit);
      if (expectedTotal >= 0) {
        assertThat(page.get("collection_total").asLong())
            .as(ctx + " collection_total on page " + pages)
            .isEqualTo(includeTotal ? expectedTotal : 0);
      }
      boolean next = page.get("next_page").asBoolean();
      if (next) {
        assertThat(n).as(ctx + " a page with a next page is full").isEqualTo(limit);
        assertThat(page.get("next_cursor").isTextual()).as(ctx).isTrue();
      } else {
        assertThat(page.get("next_cursor").isNull()).as(ctx).isTrue();
      }
      page.get("items").forEach(i -> ids.add(i.get("id").asText()));
      cursor = next ? page.get("next_cursor").asText() : null;
      pages++;
      assertThat(pages).as(ctx + " runaway walk").isLessThan(1000);
      if (cursor != null && betweenPages != null) {
        betweenPages.run();
      }
    } while (cursor != null);
    return ids;
  }

  @Order(1)
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void walkingAllPagesYieldsEveryMatchOnceInOrder(long seed) {
    Random r = new Random(seed);
    String sort = SORTS.get(r.nextInt(SORTS.size()));
    boolean desc = r.nextBoolean();
    int limit = r.nextBoolean() ? 1 + r.nextInt(12) : 1 + r.nextInt(250);
    boolean includeTotal = r.nextInt(5) != 0;
    Filter f = filter(r);
    StringBuilder q = new StringBuilder();
    q.append("sort_by=").append(sort).append("&sort_order=").append(desc ? "desc" : "asc");
    q.append("&limit=").append(limit).append("&hydrate=").append(r.nextBoolean());
    if (!includeTotal) {
      q.append("&include_total=false");
    }
    if (!f.query().isEmpty()) {
      q.append('&').append(f.query());
    }
    List<String> expected =
        truth.values().stream()
            .filter(f.test())
            .sorted(order(sort, desc))
            .map(j -> j.get("id").asText())
            .toList();
    String ctx = "seed=" + seed + " dataSeed=" + DATA_SEED + " query=" + q;
    List<String> got = walk(q.toString(), limit, includeTotal, expected.size(), ctx, null);
    assertThat(new HashSet<>(got)).as(ctx + " duplicates").hasSize(got.size());
    assertThat(got).as(ctx).containsExactlyElementsOf(expected);
  }

  @Order(2)
  @Test
  void defaultsAreCreatedDescAndLimit50() {
    Resp r = http.get(LIST);
    JsonNode page = r.json();
    assertThat(page.get("limit").asInt()).isEqualTo(50);
    assertThat(page.get("collection_total").asLong()).isEqualTo(ASSETS);
    List<String> expected =
        truth.values().stream()
            .sorted(order("created", true))
            .limit(50)
            .map(j -> j.get("id").asText())
            .toList();
    List<String> got = new ArrayList<>();
    page.get("items").forEach(i -> got.add(i.get("id").asText()));
    assertThat(got).containsExactlyElementsOf(expected);
  }

  @Order(2)
  @Test
  void likeWildcardsAndCaseAreTakenLiterally() {
    for (String needle : List.of("_", "%", "a_", "A", "日", "😀")) {
      for (String op : List.of("contains", "icontains", "startswith")) {
        Predicate<JsonNode> p =
            switch (op) {
              case "contains" -> j -> j.get("name").asText().contains(needle);
              case "icontains" -> j -> lower(j.get("name").asText()).contains(lower(needle));
              default -> j -> j.get("name").asText().startsWith(needle);
            };
        Set<String> expected = new HashSet<>();
        truth.values().stream().filter(p).forEach(j -> expected.add(j.get("id").asText()));
        List<String> got = new ArrayList<>();
        http.walk(LIST + "?limit=250&name__" + op + "=" + Http.enc(needle))
            .forEach(j -> got.add(j.get("id").asText()));
        assertThat(got)
            .as(op + " " + needle + " dataSeed=" + DATA_SEED)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
    // the generated names survived the multipart round trip, so the data set is what we think
    Set<String> names = new HashSet<>();
    truth.values().forEach(j -> names.add(j.get("name").asText()));
    assertThat(names).containsAnyOf("日本.txt", "😀.png", "résumé.pdf", "Ärger.txt");
    assertThat(names.stream().filter(NAMES::contains).count()).isGreaterThan(8);
  }

  /** Inserts and deletes while walking: nothing present throughout is missed or repeated. */
  @Order(3)
  @ParameterizedTest(name = "{0}")
  @MethodSource("sortsAndOrders")
  void concurrentInsertsAndDeletesNeitherLoseNorRepeatStableRecords(String sortOrder) {
    String sort = sortOrder.split(" ")[0];
    boolean desc = sortOrder.endsWith("desc");
    long seed = DATA_SEED ^ sortOrder.hashCode();
    Random r = new Random(seed);
    String ctx = "seed=" + seed + " " + sortOrder;
    List<String> stable =
        truth.values().stream().sorted(order(sort, desc)).map(j -> j.get("id").asText()).toList();
    List<String> volatileIds = new ArrayList<>();
    Set<String> everVolatile = new HashSet<>();
    // some volatile records exist before the walk starts
    for (int i = 0; i < 6; i++) {
      String id = uploadVolatile(r);
      volatileIds.add(id);
      everVolatile.add(id);
    }
    Runnable churn =
        () -> {
          for (int i = 0; i < 2; i++) {
            String id = uploadVolatile(r);
            volatileIds.add(id);
            everVolatile.add(id);
          }
          if (!volatileIds.isEmpty()) {
            String gone = volatileIds.remove(r.nextInt(volatileIds.size()));
            assertThat(http.delete(LIST + gone).status()).isEqualTo(204);
          }
        };
    int limit = 7;
    List<String> got =
        walk(
            "sort_by=" + sort + "&sort_order=" + (desc ? "desc" : "asc") + "&limit=" + limit,
            limit,
            true,
            -1,
            ctx,
            churn);
    try {
      assertThat(new HashSet<>(got)).as(ctx + " duplicates").hasSize(got.size());
      assertThat(got)
          .as(ctx + " only known records")
          .allMatch(id -> truth.containsKey(id) || everVolatile.contains(id));
      List<String> stableSeen = got.stream().filter(truth::containsKey).toList();
      assertThat(stableSeen).as(ctx).containsExactlyElementsOf(stable);
    } finally {
      for (String id : volatileIds) {
        http.delete(LIST + id);
      }
    }
    assertThat(http.get(LIST).json().get("collection_total").asLong()).isEqualTo(ASSETS);
  }

  static Stream<String> sortsAndOrders() {
    return SORTS.stream().flatMap(s -> Stream.of(s + " asc", s + " desc"));
  }

  static String uploadVolatile(Random r) {
    Map<String, String> fields = new HashMap<>();
    fields.put("name", NAMES.get(r.nextInt(NAMES.size())));
    byte[] bytes = new byte[1 + r.nextInt(20)];
    r.nextBytes(bytes);
    Resp up =
        http.upload(
            "",
            "v.bin",
            TYPES.get(r.nextInt(TYPES.size())),
            java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes),
            fields,
            Map.of());
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    return up.json().get("id").asText();
  }

  static {
    Locale.setDefault(Locale.ROOT);
  }
}

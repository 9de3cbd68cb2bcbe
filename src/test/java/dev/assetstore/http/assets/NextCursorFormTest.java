package dev.assetstore.http.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md §4 as it now reads: {@code next_cursor} is opaque and URL-safe (RFC 3986 unreserved
 * characters only), so a client may paste it into a URL without encoding it; and the {@code
 * /filters} document lists {@code tags} with its own type, in the contract's shape.
 */
class NextCursorFormTest {
  /** RFC 3986 "unreserved": ALPHA / DIGIT / "-" / "." / "_" / "~". */
  static final String UNRESERVED = "^[A-Za-z0-9._~-]+$";

  static TestServer server;
  static Http http;

  @BeforeAll
  static void seed() {
    server = TestServer.start();
    http = server.http;
    // Names whose bytes, inside a cursor's keyset, give every base64 sextet a chance to appear
    // (standard base64 would show '+' and '/', padding '=').
    List<String> names =
        List.of(
            "ä?&=+ one.txt",
            "Ω~☃ two.txt",
            "%41%2F three.txt",
            "ÿÿÿ four.txt",
            "??? five.txt",
            "€ six.txt",
            "> < seven.txt",
            "~~~ eight.txt",
            "\u00fe\u00ff nine.txt",
            "zzz ten.txt");
    int i = 0;
    for (String n : names) {
      var r = http.upload(n, ("body " + i++).repeat(i).getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(r.text()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyNextCursorIsUnreservedCharactersAndWorksPastedRawIntoAUrl() {
    int cursors = 0;
    for (String sort :
        List.of(
            "sort_by=name&sort_order=asc",
            "sort_by=name&sort_order=desc",
            "sort_by=size&sort_order=asc",
            "sort_by=created&sort_order=desc",
            "sort_by=content_type&sort_order=asc")) {
      for (String filter : List.of("", "&q=%C3%A4", "&name__icontains=t")) {
        String first = "/api/store/asset/?limit=1&" + sort + filter;
        JsonNode page = http.get(first).json();
        Set<String> seen = new HashSet<>();
        while (page.get("next_page").asBoolean()) {
          String cursor = page.get("next_cursor").asText();
          assertThat(cursor).as(first).matches(UNRESERVED);
          cursors++;
          // Pasted as is, not percent-encoded.
          Http.Resp next = http.get(first + "&cursor=" + cursor);
          assertThat(next.status()).as(next.text()).isEqualTo(200);
          page = next.json();
          assertThat(seen.add(page.get("items").get(0).get("id").asText())).isTrue();
        }
      }
    }
    assertThat(cursors).isGreaterThanOrEqualTo(80);
  }

  @Test
  void theFiltersDocumentListsTagsWithItsOwnTypeInTheContractsShape() {
    String raw = http.get("/api/store/asset/filters").text();
    // {"type": ..., "operators": [...]} in that order on every start (API.md §4's shape).
    assertThat(raw).contains("\"tags\":{\"type\":\"tags\",\"operators\":[\"contains\"]}");
    assertThat(raw)
        .contains(
            "\"size\":{\"type\":\"integer\",\"operators\":"
                + "[\"eq\",\"ne\",\"gt\",\"gte\",\"lt\",\"lte\",\"in\",\"not_in\",\"isnull\"]}");
  }
}

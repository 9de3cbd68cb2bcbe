package dev.assetstore.http.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Pools of hostile and boundary values, and small helpers to draw from them. */
final class Junk {
  private Junk() {}

  /** Values for any text slot (they are percent-encoded when placed in a URL). */
  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "0",
          "-1",
          "1",
          "250",
          "251",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "99999999999999999999999999999999",
          "1e309",
          "-0",
          "0x1F",
          "+1",
          "01",
          "1.5",
          "1_000",
          "NaN",
          "Infinity",
          "-Infinity",
          "\u0968",
          "true",
          "false",
          "yes",
          "null",
          "None",
          "undefined",
          "[]",
          "{}",
          "[\"a\"]",
          "{\"a\":1}",
          "\u0000",
          "a\u0000b",
          "\u001f",
          "\u007f",
          "\u202eevil",
          "\ufeff",
          "\ud800",
          "\udfff",
          "\uffff",
          "😀",
          "e\u0301",
          "Å",
          "中文",
          "../../etc/passwd",
          "..",
          ".",
          "/",
          "\\",
          "a/b",
          "%",
          "%%",
          "%00",
          "%2F",
          "'",
          "\"",
          "`",
          "<script>alert(1)</script>",
          "' OR '1'='1",
          "1; DROP TABLE assets; --",
          "*",
          "_",
          "%_%",
          "${jndi:ldap://x/a}",
          "{{7*7}}",
          "%s%n%x",
          "CON",
          "aux.txt",
          " leading",
          "trailing ",
          "a\tb",
          "a\nb",
          "a\r\nX-Injected: 1",
          "a,b,c",
          ",",
          ",,,",
          "asc",
          "desc",
          "created",
          "name",
          "size",
          "2026-11-28T00:00:00Z",
          "2026-11-28T00:00:00.123456789+01:00",
          "2026-11-28",
          "2026-13-01T00:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-11-28T24:00:00Z",
          "2026-11-28T23:59:60Z",
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999Z",
          "+1000000000-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "00000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff",
          "sla_live_",
          "sla_live_" + "A".repeat(43),
          "a.b.c",
          "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
          "====",
          "-_-_",
          "bytes=0-0",
          "x".repeat(256),
          "x".repeat(1025),
          "é".repeat(300));

  /** Fragments put into a URL as they are: broken or tricky percent-encoding. */
  static final List<String> RAW_URL =
      List.of(
          "%zz",
          "%",
          "%2",
          "%G0",
          "%2F",
          "%2f..%2f",
          "..%2F..%2F",
          "..%2f..%2fetc%2fpasswd",
          "%00",
          "a%00b",
          "%C0%AE",
          "%C0%AF",
          "%E0%80%AF",
          "%C0%AE%C0%AE%C0%AF",
          "%FF",
          "%FF%FE",
          "%ED%A0%80",
          "%F4%90%80%80",
          "%25",
          "%252F",
          "%u002F",
          "%uD800",
          "+",
          "%20",
          "%0D%0A",
          "%0d%0aSet-Cookie:x=1",
          ";",
          ";jsessionid=1",
          "//",
          "/./",
          "/../",
          "/..",
          "#frag",
          "&",
          "=",
          "&&&",
          "a=b=c",
          "%3F",
          "%23",
          "%E2%80%AE",
          "%F0%9F%98%80",
          "%2e%2e",
          ".%2e",
          "%5C..%5C");

  static <T> T pick(Random r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  static boolean chance(Random r, double p) {
    return r.nextDouble() < p;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A junk value for a URL slot: an encoded string, or a raw fragment. */
  static String urlValue(Random r) {
    if (chance(r, 0.3)) {
      return pick(r, RAW_URL);
    }
    return enc(pick(r, STRINGS));
  }

  /** An id-ish value: a fixture id of any kind, a random UUID, or a mangled one. */
  static String idLike(Random r, Fixtures f) {
    List<String> all = f.allIds();
    String base = all.isEmpty() ? UUID.randomUUID().toString() : pick(r, all);
    return switch (r.nextInt(12)) {
      case 0 -> new UUID(r.nextLong(), r.nextLong()).toString();
      case 1 -> base.toUpperCase();
      case 2 -> "{" + base + "}";
      case 3 -> base.replace("-", "");
      case 4 -> base + "x";
      case 5 -> base.substring(1);
      case 6 -> base + "/" + base;
      case 7 -> base.replace('-', '_');
      case 8 -> " " + base;
      case 9 -> base.repeat(40);
      default -> base;
    };
  }

  /** A path segment standing where an id belongs; raw (already URL-safe or deliberately not). */
  static String pathId(Random r, Fixtures f, String kind, boolean forDelete) {
    int c = r.nextInt(20);
    if (c < 6) {
      List<String> pool = poolFor(f, kind, forDelete);
      if (!pool.isEmpty()) {
        return pick(r, pool);
      }
    }
    return switch (c) {
      case 6, 7 -> enc(idLike(r, f));
      case 8 -> pick(r, RAW_URL);
      case 9 -> pick(r, RAW_URL) + enc(idLike(r, f));
      case 10 -> "x".repeat(1 + r.nextInt(5000));
      case 11 -> "..%2F..%2F" + enc(idLike(r, f));
      case 12 -> "%2e%2e%2f%2e%2e%2fetc%2fpasswd";
      case 13 -> UUID.randomUUID().toString();
      case 14 -> "";
      case 15 -> enc(pick(r, STRINGS));
      case 16 -> "%C0%AE%C0%AE%2F" + UUID.randomUUID();
      case 17 -> UUID.randomUUID() + "%00";
      case 18 -> UUID.randomUUID() + ";x=1";
      default -> enc(pick(r, STRINGS)) + pick(r, RAW_URL);
    };
  }

  private static List<String> poolFor(Fixtures f, String kind, boolean forDelete) {
    if (kind == null) {
      return List.of();
    }
    if (kind.equals("access-folder")) {
      return f.accessFolders;
    }
    if (kind.equals("token")) {
      return f.shareTokens;
    }
    if (kind.equals("file")) {
      return List.of("docs-init.js", "swagger-ui.css", "share.js", "share.css", "index.html");
    }
    List<String> pool = new ArrayList<>(f.victims.getOrDefault(kind, List.of()));
    if (!forDelete) {
      pool.addAll(f.ids.getOrDefault(kind, List.of()));
    }
    return pool;
  }

  /** A string of {@code n} characters drawn from awkward ones. */
  static String weird(Random r, int n) {
    String alphabet = "aZ09 ._-/\\%\"'<>&;:\u00e9\u4e2d\u0000\u001f\u202e😀\ufeff";
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      int cp = alphabet.codePointAt(r.nextInt(alphabet.length()));
      if (Character.isLowSurrogate((char) cp)) {
        continue;
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}

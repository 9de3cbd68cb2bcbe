package dev.assetstore.http.fuzz;

import static dev.assetstore.http.fuzz.Junk.chance;
import static dev.assetstore.http.fuzz.Junk.pick;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JSON request bodies, written as text so they can be anything: objects built from the operation's
 * schema with some fields valid and others of the wrong type, null, huge or nested, and whole-body
 * attacks (deep nesting, invalid UTF-8, truncation, duplicate keys, non-object top levels).
 */
final class JsonJunk {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonJunk() {}

  /** JSON literals of every type and boundary. */
  static final List<String> VALUES =
      List.of(
          "null",
          "true",
          "false",
          "0",
          "-0",
          "1",
          "-1",
          "0.5",
          "1e400",
          "-1e400",
          "1.7976931348623157E309",
          "4.9e-325",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "123456789012345678901234567890123456789",
          "\"\"",
          "\" \"",
          "\"x\"",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"a\\udc00b\"",
          "\"\\ud83d\\ude00\"",
          "\"\\u202e\"",
          "\"..\"",
          "\".\"",
          "\"a/b\"",
          "\"a\\\\b\"",
          "\"\\n\\r\\t\"",
          "\"2026-11-28T00:00:00Z\"",
          "\"2099-01-01T00:00:00Z\"",
          "\"2000-01-01T00:00:00Z\"",
          "\"+999999999-12-31T23:59:59Z\"",
          "\"not-a-date\"",
          "\"a@b\"",
          "\"a@x.io\"",
          "\"<x@y.z>\"",
          "\"store:read\"",
          "\"admin\"",
          "[]",
          "[null]",
          "[\"\"]",
          "[\"a\",\"a\"]",
          "[1,2,3]",
          "[[\"a\"]]",
          "{}",
          "{\"\":null}",
          "{\"a\":{\"b\":[1,{\"c\":null}]}}",
          "{\"__proto__\":{\"x\":1}}",
          "{\"constructor\":{\"prototype\":{}}}");

  /** An object for the operation's schema (with faults sprinkled in). */
  static String object(Random r, JsonNode schema, Fixtures f) {
    List<String> members = new ArrayList<>();
    JsonNode props = schema == null ? null : schema.path("properties");
    if (props != null) {
      for (Map.Entry<String, JsonNode> p : props.properties()) {
        if (chance(r, 0.25)) {
          continue;
        }
        String value = chance(r, 0.7) ? plausible(r, p.getKey(), p.getValue(), f) : junk(r, f);
        members.add(quote(p.getKey()) + ":" + value);
      }
    }
    if (chance(r, 0.2)) {
      members.add(quote(pick(r, Junk.STRINGS)) + ":" + junk(r, f));
    }
    if (chance(r, 0.1) && !members.isEmpty()) {
      members.add(members.get(r.nextInt(members.size())));
    }
    java.util.Collections.shuffle(members, r);
    return "{" + String.join(",", members) + "}";
  }

  /** A value that looks right for the field (so validation passes and deeper code runs). */
  static String plausible(Random r, String name, JsonNode schema, Fixtures f) {
    switch (name) {
      case "folder", "parent" -> {
        return chance(r, 0.15) ? "null" : quote(pick(r, pool(f, "folder")));
      }
      case "asset" -> {
        return quote(pick(r, pool(f, "asset")));
      }
      case "name", "label", "username" -> {
        return quote(
            chance(r, 0.7)
                ? "fuzz-" + Integer.toHexString(r.nextInt()) + (chance(r, 0.5) ? ".txt" : "")
                : pick(r, Junk.STRINGS));
      }
      case "password" -> {
        return chance(r, 0.5) ? "null" : quote("pw-" + Junk.weird(r, 6 + r.nextInt(20)));
      }
      case "email" -> {
        return quote(chance(r, 0.5) ? "fuzz@example.org" : pick(r, Junk.STRINGS));
      }
      case "recipients" -> {
        return chance(r, 0.7) ? "[\"a@example.org\"]" : "[" + quote(pick(r, Junk.STRINGS)) + "]";
      }
      case "token" -> {
        return quote(chance(r, 0.6) ? pick(r, f.shareTokens) : pick(r, Junk.STRINGS));
      }
      case "tags" -> {
        return chance(r, 0.5)
            ? "[\"a\",\"b\"]"
            : "[" + quote(Junk.weird(r, 1 + r.nextInt(200))) + "]";
      }
      case "metadata" -> {
        return chance(r, 0.5) ? "{\"k\":\"v\",\"n\":1.5}" : pick(r, VALUES);
      }
      case "scopes" -> {
        return chance(r, 0.6) ? "[\"store:read\"]" : "[\"store:read\",\"admin\",\"nope\"]";
      }
      case "expires" -> {
        return quote(chance(r, 0.5) ? "2099-01-01T00:00:00Z" : pick(r, Junk.STRINGS));
      }
      case "max_downloads" -> {
        return pick(r, List.of("1", "0", "-1", "1000000", "9223372036854775807", "1.5", "\"3\""));
      }
      case "disabled" -> {
        return pick(r, List.of("true", "false", "\"true\"", "1"));
      }
      default -> {
        String type = type(schema);
        return switch (type) {
          case "array" -> "[" + quote(pick(r, Junk.STRINGS)) + "]";
          case "object" -> "{}";
          case "integer", "number" -> pick(r, List.of("0", "1", "-1", "250"));
          case "boolean" -> "true";
          default -> quote(Junk.weird(r, r.nextInt(40)));
        };
      }
    }
  }

  private static List<String> pool(Fixtures f, String kind) {
    List<String> p = new ArrayList<>(f.ids.get(kind));
    p.addAll(f.victims.get(kind));
    return p;
  }

  /** A value of some other kind: wrong type, boundary, huge, nested. */
  static String junk(Random r, Fixtures f) {
    return switch (r.nextInt(10)) {
      case 0 -> quote(pick(r, Junk.STRINGS));
      case 1 -> quote(Junk.idLike(r, f));
      case 2 -> quote("x".repeat(pick(r, List.of(255, 256, 10_000, 10_001, 100_000))));
      case 3 -> nested(r.nextInt(80), chance(r, 0.5));
      case 4 ->
          "[" + String.join(",", java.util.Collections.nCopies(r.nextInt(300), "\"t\"")) + "]";
      default -> pick(r, VALUES);
    };
  }

  static String nested(int depth, boolean arrays) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "[" : "{\"a\":");
    }
    sb.append("1");
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "]" : "}");
    }
    return sb.toString();
  }

  /** Bodies that attack the parser itself. */
  static byte[] hostileBody(Random r, JsonNode schema, Fixtures f) {
    String valid = object(r, schema, f);
    return switch (r.nextInt(22)) {
      case 0 -> utf8(nested(pick(r, List.of(63, 64, 65, 1000, 100_000)), chance(r, 0.5)));
      case 1 -> utf8("{\"name\":" + nested(pick(r, List.of(62, 63, 64, 65, 5000)), false) + "}");
      case 2 -> utf8(valid.substring(0, r.nextInt(Math.max(1, valid.length()))));
      case 3 -> utf8(pick(r, List.of("[]", "\"x\"", "1", "null", "true", "[{}]", "-0", "1e999")));
      case 4 -> utf8("{\"name\":\"a\",\"name\":\"b\",\"name\":null}");
      case 5 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(valid));
      case 6 -> utf8(valid + pick(r, List.of(" x", "}", "{}", "\u0000", ",", "//c")));
      case 7 ->
          utf8(
              pick(
                  r,
                  List.of(
                      "{/*c*/}",
                      "{'name':'x'}",
                      "{name:\"x\"}",
                      "{\"a\":NaN}",
                      "{\"a\":Infinity}",
                      "{\"a\":01}",
                      "{\"a\":.5}",
                      "{\"a\":+1}",
                      "{\"a\":0x10}",
                      "{\"a\":\"\\x41\"}",
                      "{\"a\":\"\\u12\"}",
                      "{\"a\":\"\t\"}",
                      "{,}",
                      "{\"a\"}",
                      "{\"a\":}",
                      "{\"a\":1,}",
                      "[1,]",
                      "{\"a\" 1}",
                      "\"unterminated")));
      case 8 -> invalidUtf8(r, valid);
      case 9 -> new byte[0];
      case 10 -> utf8(pick(r, List.of(" ", "\n\n", "\t")));
      case 11 -> valid.getBytes(StandardCharsets.UTF_16);
      case 12 -> manyKeys(pick(r, List.of(10_000, 60_000)));
      case 13 -> utf8("{\"name\":\"" + "x".repeat(pick(r, List.of(1_000_000, 2_000_000))) + "\"}");
      case 14 -> utf8("{\"" + "k".repeat(pick(r, List.of(1024, 1025, 100_000))) + "\":1}");
      case 15 ->
          utf8("{\"metadata\":{\"n\":" + "9".repeat(pick(r, List.of(1000, 1001, 5000))) + "}}");
      case 16 -> utf8("{\"name\":\"a\\u0000b\",\"description\":\"\\ud800\\udc00\\ud800\"}");
      case 17 -> utf8("{\"tags\":" + nested(70, true) + "}");
      case 18 -> utf8("{\"metadata\":" + nested(pick(r, List.of(62, 63, 64)), false) + "}");
      default -> utf8(valid);
    };
  }

  /** Exactly the body limit, or one byte more. */
  static byte[] sized(long limit, boolean over) {
    String head = "{\"description\":\"";
    String tail = "\"}";
    int n = (int) limit - head.length() - tail.length() + (over ? 1 : 0);
    return utf8(head + "x".repeat(n) + tail);
  }

  private static byte[] manyKeys(int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("\"k").append(i).append("\":").append(i);
    }
    return utf8(sb.append('}').toString());
  }

  private static byte[] invalidUtf8(Random r, String valid) {
    byte[][] bad = {
      {(byte) 0xFF},
      {(byte) 0xC0, (byte) 0xAE},
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xC3},
      {(byte) 0x80},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}
    };
    byte[] b = bad[r.nextInt(bad.length)];
    String field = pick(r, List.of("name", "description", "label", "token", "username", "message"));
    return concat(utf8("{\"" + field + "\":\"a"), concat(b, utf8(chance(r, 0.8) ? "z\"}" : "")));
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String type(JsonNode schema) {
    JsonNode t = schema.path("type");
    if (t.isArray()) {
      for (JsonNode x : t) {
        if (!x.asText().equals("null")) {
          return x.asText();
        }
      }
    }
    return t.asText("string");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}

package dev.assetstore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Shared value rules for tags, metadata and descriptions, whatever the transport. */
public final class Fields {
  public static final int MAX_TAGS = 64;
  public static final int MAX_TAG_LENGTH = 128;
  public static final int MAX_METADATA_BYTES = 16 * 1024;
  public static final int MAX_DESCRIPTION = 10_000;
  private static final ObjectMapper JSON =
      JsonLimits.apply(
          new ObjectMapper()
              .enable(
                  com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS));

  private Fields() {}

  public static List<String> stringList(JsonNode n, List<Object> loc, List<Problem> problems) {
    if (!n.isArray()) {
      problems.add(new Problem(loc, "Input should be a valid list", "list_type"));
      return null;
    }
    if (n.size() > MAX_TAGS) {
      problems.add(new Problem(loc, "List should have at most " + MAX_TAGS + " items", "too_long"));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      List<Object> at = new ArrayList<>(loc);
      at.add(i);
      if (!e.isTextual()) {
        problems.add(new Problem(at, "Input should be a valid string", "string_type"));
        return null;
      }
      String s = e.textValue();
      if (s.isEmpty()
          || s.length() > MAX_TAG_LENGTH
          || s.chars().anyMatch(Character::isISOControl)) {
        problems.add(
            new Problem(
                at,
                "Tags must be 1-" + MAX_TAG_LENGTH + " characters without control characters",
                "value_error"));
        return null;
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Serialises metadata, enforcing the 16 KiB bound; null if it is too large. */
  public static String metadataJson(JsonNode obj, List<Object> loc, List<Problem> problems) {
    if (!finite(obj)) {
      // 1e999999 parses as Infinity, which JSON cannot carry back: it would come out as a string.
      problems.add(new Problem(loc, "Metadata numbers must be finite", "finite_number"));
      return null;
    }
    try {
      String s = JSON.writeValueAsString(obj);
      if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
        problems.add(
            new Problem(loc, "Metadata must be at most 16 KiB when serialized", "too_long"));
        return null;
      }
      return s;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add(new Problem(loc, "Metadata is not serializable", "value_error"));
      return null;
    }
  }

  private static boolean finite(JsonNode n) {
    if (n.isFloatingPointNumber()) {
      return Double.isFinite(n.doubleValue());
    }
    for (JsonNode child : n) {
      if (!finite(child)) {
        return false;
      }
    }
    return true;
  }

  public static JsonNode parse(String json)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    return JSON.readTree(json);
  }
}

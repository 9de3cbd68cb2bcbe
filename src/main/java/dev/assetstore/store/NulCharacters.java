package dev.assetstore.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * U+0000 is refused in every text a client sends (JSON bodies, query and form values): PostgreSQL
 * cannot store it in {@code text} or {@code jsonb}, and accepting it on SQLite only would make the
 * two backends disagree about what a valid request is.
 */
public final class NulCharacters {
  public static final String MESSAGE = "String must not contain the NUL character (U+0000)";

  private NulCharacters() {}

  public static boolean in(String s) {
    return s != null && s.indexOf('\0') >= 0;
  }

  /** Refuses a body with a NUL in any string or member name, naming where the first one is. */
  public static void refuseIn(JsonNode body) {
    List<Object> at = new ArrayList<>(List.of("body"));
    if (find(body, at)) {
      throw new ValidationError(List.of(new Problem(at, MESSAGE, "value_error")));
    }
  }

  /** Refuses a parameter map (query or form) with a NUL in a name or a value. */
  public static void refuseIn(String where, Map<String, ? extends Iterable<String>> params) {
    params.forEach((name, values) -> values.forEach(v -> refuse(where, name, v)));
  }

  /** Refuses single-valued form fields with a NUL in a name or a value. */
  public static void refuseInFields(String where, Map<String, String> fields) {
    fields.forEach((name, value) -> refuse(where, name, value));
  }

  private static void refuse(String where, String name, String value) {
    if (in(name) || in(value)) {
      throw ValidationError.of(where, name.replace('\0', '?'), MESSAGE, "value_error");
    }
  }

  private static boolean find(JsonNode n, List<Object> at) {
    if (n.isTextual()) {
      return in(n.textValue());
    }
    if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        at.add(i);
        if (find(n.get(i), at)) {
          return true;
        }
        at.removeLast();
      }
    } else if (n.isObject()) {
      for (var e : n.properties()) {
        at.add(e.getKey().replace('\0', '?'));
        if (in(e.getKey()) || find(e.getValue(), at)) {
          return true;
        }
        at.removeLast();
      }
    }
    return false;
  }
}

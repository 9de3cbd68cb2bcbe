package dev.assetstore.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a JSON request body with pydantic-style problems ({@code loc: ["body", f]}). A
 * field is absent ({@link #has} false), explicitly null, or a value.
 */
public final class JsonBody {
  private final JsonNode root;
  private final List<Problem> problems = new ArrayList<>();

  public JsonBody(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      throw ValidationError.of("body", "body", "Field required", "missing");
    }
    if (!root.isObject()) {
      throw new ValidationError(
          List.of(new Problem(List.of("body"), "Input should be a valid dictionary", "dict_type")));
    }
    this.root = root;
  }

  public boolean has(String field) {
    return root.has(field);
  }

  /** The raw node of a field; null when absent. */
  public JsonNode node(String field) {
    return root.get(field);
  }

  public boolean isNull(String field) {
    return root.has(field) && root.get(field).isNull();
  }

  /** A string; null when absent or null. {@code required} adds a problem when absent/null. */
  public String string(String field, boolean required, int maxLength) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problem(field, "Field required", "missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      problem(field, "Input should be a valid string", "string_type");
      return null;
    }
    String s = n.textValue();
    if (s.codePointCount(0, s.length()) > maxLength) {
      problem(field, "String should have at most " + maxLength + " characters", "string_too_long");
      return null;
    }
    return s;
  }

  /**
   * The {@code name} of an asset or folder, NFC-normalised and checked by {@link Names}: required
   * on create and replace; on update it may be absent but never null.
   */
  public String name(boolean required) {
    String name = string("name", required, Integer.MAX_VALUE);
    if (!required && isNull("name")) {
      problem("name", "Input should be a valid string", "string_type");
    }
    if (name != null) {
      try {
        name = Names.normalize(name);
      } catch (Names.InvalidName e) {
        problem("name", e.getMessage(), "value_error");
      }
    }
    return name;
  }

  /** A list of strings; null when absent or null. */
  public List<String> strings(String field, boolean required) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problem(field, "Field required", "missing");
      }
      return null;
    }
    return Fields.stringList(n, List.of("body", field), problems);
  }

  /** A JSON object; null when absent or null. */
  public JsonNode object(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      problem(field, "Input should be a valid dictionary", "dict_type");
      return null;
    }
    return n;
  }

  public void problem(String field, String msg, String type) {
    problems.add(Problem.of("body", field, msg, type));
  }

  public void problem(Problem p) {
    problems.add(p);
  }

  /** Throws the collected problems, if any. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
  }
}

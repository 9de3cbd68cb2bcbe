package dev.assetstore.store.listing;

import dev.assetstore.store.Problem;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** FastAPI-style parsing of scalar query parameters; problems are collected, not thrown. */
public final class QueryValues {
  private QueryValues() {}

  /** The last value given for a parameter (FastAPI takes the last of repeated scalars). */
  public static String last(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.getLast();
  }

  public static Boolean bool(String raw) {
    if (raw == null) {
      return null;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> Boolean.TRUE;
      case "false", "0", "no", "off", "f", "n" -> Boolean.FALSE;
      default -> null;
    };
  }

  public static boolean bool(
      Map<String, List<String>> params, String name, boolean dflt, List<Problem> problems) {
    String raw = last(params, name);
    if (raw == null) {
      return dflt;
    }
    Boolean b = bool(raw);
    if (b == null) {
      problems.add(
          Problem.of(
              "query",
              name,
              "Input should be a valid boolean, unable to interpret input",
              "bool_parsing"));
      return dflt;
    }
    return b;
  }

  public static int integer(
      Map<String, List<String>> params,
      String name,
      int dflt,
      int min,
      int max,
      List<Problem> problems) {
    String raw = last(params, name);
    if (raw == null) {
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      problems.add(
          Problem.of(
              "query",
              name,
              "Input should be a valid integer, unable to parse string as an integer",
              "int_parsing"));
      return dflt;
    }
    if (v < min) {
      problems.add(
          Problem.of(
              "query",
              name,
              "Input should be greater than or equal to " + min,
              "greater_than_equal"));
      return dflt;
    }
    if (v > max) {
      problems.add(
          Problem.of(
              "query", name, "Input should be less than or equal to " + max, "less_than_equal"));
      return dflt;
    }
    return (int) v;
  }

  /** "Input should be 'a', 'b' or 'c'", as pydantic words a literal mismatch. */
  public static String oneOf(List<String> allowed) {
    StringBuilder sb = new StringBuilder("Input should be ");
    for (int i = 0; i < allowed.size(); i++) {
      if (i > 0) {
        sb.append(i == allowed.size() - 1 ? " or " : ", ");
      }
      sb.append('\'').append(allowed.get(i)).append('\'');
    }
    return sb.toString();
  }
}

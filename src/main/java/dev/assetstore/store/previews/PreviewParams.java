package dev.assetstore.store.previews;

import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.listing.QueryValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a preview request asks for (API.md §11): the box, the fit, and the format ({@code null}:
 * chosen from the source, PNG when it has transparency).
 */
public record PreviewParams(int w, int h, boolean cover, String format) {
  public static final int MIN = 16;
  public static final int MAX = 2048;
  public static final int DEFAULT = 256;

  /** Parses {@code w}, {@code h}, {@code fit}, {@code format}; every problem at once, as 422. */
  public static PreviewParams parse(Map<String, List<String>> q) {
    List<Problem> problems = new ArrayList<>();
    int w = QueryValues.integer(q, "w", DEFAULT, MIN, MAX, problems);
    int h = QueryValues.integer(q, "h", DEFAULT, MIN, MAX, problems);
    String fit = literal(q, "fit", List.of("contain", "cover"), problems);
    String format = literal(q, "format", List.of("jpeg", "png"), problems);
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    return new PreviewParams(w, h, "cover".equals(fit), format);
  }

  private static String literal(
      Map<String, List<String>> q, String name, List<String> allowed, List<Problem> problems) {
    String v = QueryValues.last(q, name);
    if (v == null) {
      return null;
    }
    if (!allowed.contains(v)) {
      problems.add(Problem.of("query", name, QueryValues.oneOf(allowed), "literal_error"));
      return null;
    }
    return v;
  }

  /**
   * The parameters as one key part, with the renderer version: a new renderer makes new previews
   * instead of serving the old ones. The requested format is part of it as asked ({@code auto} when
   * left to the source), so the key is known before anything is decoded.
   */
  public String variant() {
    return w
        + "x"
        + h
        + "-"
        + (cover ? "cover" : "contain")
        + "-"
        + (format == null ? "auto" : format)
        + "-r"
        + Renderer.VERSION;
  }
}

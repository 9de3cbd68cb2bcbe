package dev.assetstore.store;

import java.util.List;

/** Input that failed validation: answered 422 with every problem found. */
public final class ValidationError extends RuntimeException {
  private final List<Problem> problems;

  public ValidationError(List<Problem> problems) {
    super("validation failed", null, false, false);
    this.problems = List.copyOf(problems);
  }

  public static ValidationError of(String where, String field, String msg, String type) {
    return new ValidationError(List.of(Problem.of(where, field, msg, type)));
  }

  public List<Problem> problems() {
    return problems;
  }
}

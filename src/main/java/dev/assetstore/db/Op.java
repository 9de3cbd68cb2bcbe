package dev.assetstore.db;

import java.util.Optional;

/** Filter operators, by their query-string suffix ({@code size__gte=10}). */
public enum Op {
  EQ("eq"),
  NE("ne"),
  GT("gt"),
  GTE("gte"),
  LT("lt"),
  LTE("lte"),
  IN("in"),
  NOT_IN("not_in"),
  CONTAINS("contains"),
  ICONTAINS("icontains"),
  STARTSWITH("startswith"),
  ISNULL("isnull");

  private final String wireName;

  Op(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean multiValued() {
    return this == IN || this == NOT_IN;
  }

  public static Optional<Op> fromWire(String s) {
    for (Op op : values()) {
      if (op.wireName.equals(s)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}

package dev.assetstore.db;

import java.util.List;

/** The types a filterable field can have, each with the operators it accepts (API.md §4). */
public enum FieldType {
  STRING(
      "string",
      List.of(Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.CONTAINS, Op.ICONTAINS, Op.STARTSWITH, Op.ISNULL)),
  INTEGER(
      "integer", List.of(Op.EQ, Op.NE, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.IN, Op.NOT_IN, Op.ISNULL)),
  DATETIME(
      "datetime", List.of(Op.EQ, Op.NE, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.IN, Op.NOT_IN, Op.ISNULL)),
  ID("id", List.of(Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.ISNULL)),
  TAGS("tags", List.of(Op.CONTAINS)),
  BOOLEAN("boolean", List.of(Op.EQ));

  private final String wireName;
  private final List<Op> operators;

  FieldType(String wireName, List<Op> operators) {
    this.wireName = wireName;
    this.operators = operators;
  }

  public String wireName() {
    return wireName;
  }

  public List<Op> operators() {
    return operators;
  }
}

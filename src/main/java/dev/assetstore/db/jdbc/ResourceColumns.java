package dev.assetstore.db.jdbc;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * How one resource's API field names map to columns. {@code tagConditions} build the condition for
 * fields that are not one column ("has tag", computed flags such as a share's {@code active});
 * {@code searchColumns} are what {@code q} looks in; {@code row} is what a list selects.
 */
record ResourceColumns(
    Table<Record> table,
    Field<?>[] row,
    Field<String> id,
    Map<String, Field<?>> columns,
    Map<String, Function<Object, Condition>> tagConditions,
    List<Field<String>> searchColumns) {

  Field<?> column(String field) {
    Field<?> f = columns.get(field);
    if (f == null) {
      throw new IllegalArgumentException("no column for field " + field);
    }
    return f;
  }

  boolean knows(String field) {
    return columns.containsKey(field) || tagConditions.containsKey(field);
  }
}

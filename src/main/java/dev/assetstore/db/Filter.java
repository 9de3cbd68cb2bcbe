package dev.assetstore.db;

import java.util.List;

/**
 * One parsed filter. Values are already typed: {@code String}, {@code Long} (integers and datetimes
 * in epoch microseconds) or {@code Boolean}.
 */
public record Filter(String field, FieldType type, Op op, List<Object> values) {
  public Object value() {
    return values.getFirst();
  }
}

package dev.assetstore.store.listing;

import dev.assetstore.db.FieldType;

/** One row of a resource's filter table. */
public record FilterField(String name, FieldType type, boolean filterable, boolean sortable) {
  public static FilterField filter(String name, FieldType type) {
    return new FilterField(name, type, true, false);
  }

  public static FilterField both(String name, FieldType type) {
    return new FilterField(name, type, true, true);
  }
}

package dev.assetstore.store.listing;

import dev.assetstore.db.FieldType;
import dev.assetstore.db.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table per resource that drives list parsing, the SQL filters and {@code GET …/filters},
 * so the three cannot disagree.
 */
public final class FilterTable {
  private final Map<String, FilterField> fields = new LinkedHashMap<>();
  private final String defaultSort;

  public FilterTable(String defaultSort, FilterField... fields) {
    for (FilterField f : fields) {
      this.fields.put(f.name(), f);
    }
    this.defaultSort = defaultSort;
  }

  public static final FilterTable ASSETS =
      new FilterTable(
          "created",
          FilterField.both("name", FieldType.STRING),
          FilterField.both("content_type", FieldType.STRING),
          FilterField.both("size", FieldType.INTEGER),
          FilterField.filter("folder", FieldType.ID),
          FilterField.filter("tags", FieldType.TAGS),
          FilterField.filter("sha256", FieldType.STRING),
          FilterField.both("created", FieldType.DATETIME),
          FilterField.both("updated", FieldType.DATETIME),
          FilterField.filter("created_by", FieldType.ID));

  public static final FilterTable FOLDERS =
      new FilterTable(
          "created",
          FilterField.both("name", FieldType.STRING),
          FilterField.filter("parent", FieldType.ID),
          FilterField.both("created", FieldType.DATETIME),
          FilterField.both("updated", FieldType.DATETIME),
          FilterField.filter("created_by", FieldType.ID));

  public static final FilterTable SHARES =
      new FilterTable(
          "created",
          FilterField.filter("name", FieldType.STRING),
          FilterField.filter("target_type", FieldType.STRING),
          FilterField.filter("asset", FieldType.ID),
          FilterField.filter("folder", FieldType.ID),
          FilterField.filter("expires", FieldType.DATETIME),
          FilterField.both("created", FieldType.DATETIME),
          FilterField.both("updated", FieldType.DATETIME),
          FilterField.filter("created_by", FieldType.ID),
          FilterField.filter("active", FieldType.BOOLEAN));

  public static final FilterTable USERS =
      new FilterTable(
          "created",
          FilterField.both("username", FieldType.STRING),
          FilterField.filter("email", FieldType.STRING),
          FilterField.filter("scopes", FieldType.TAGS),
          FilterField.filter("disabled", FieldType.BOOLEAN),
          FilterField.both("created", FieldType.DATETIME),
          FilterField.both("updated", FieldType.DATETIME),
          FilterField.filter("created_by", FieldType.ID));

  public static final FilterTable API_KEYS =
      new FilterTable(
          "created",
          FilterField.both("label", FieldType.STRING),
          FilterField.filter("scopes", FieldType.TAGS),
          FilterField.filter("expires", FieldType.DATETIME),
          FilterField.filter("last_used", FieldType.DATETIME),
          FilterField.both("created", FieldType.DATETIME),
          FilterField.both("updated", FieldType.DATETIME),
          FilterField.filter("created_by", FieldType.ID));

  public Optional<FilterField> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  public List<FilterField> fields() {
    return List.copyOf(fields.values());
  }

  public List<String> sortable() {
    List<String> s = new ArrayList<>();
    for (FilterField f : fields.values()) {
      if (f.sortable()) {
        s.add(f.name());
      }
    }
    return s;
  }

  public String defaultSort() {
    return defaultSort;
  }

  /** The {@code GET …/filters} document. */
  public Map<String, Object> metadata() {
    Map<String, Object> filters = new LinkedHashMap<>();
    for (FilterField f : fields.values()) {
      if (!f.filterable()) {
        continue;
      }
      List<String> ops = f.type().operators().stream().map(Op::wireName).toList();
      // Ordered, so the body is the same on every start (Map.of's order changes per JVM run).
      Map<String, Object> field = new LinkedHashMap<>();
      field.put("type", f.type().wireName());
      field.put("operators", ops);
      filters.put(f.name(), field);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("filters", filters);
    doc.put("sort_by", sortable());
    doc.put("default_sort_by", defaultSort);
    doc.put("default_sort_order", "desc");
    return doc;
  }
}

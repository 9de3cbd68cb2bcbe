package dev.assetstore.store.listing;

import dev.assetstore.db.FieldType;
import dev.assetstore.db.Filter;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.Op;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Parses the standard list parameters and the filters of one resource's {@link FilterTable}. */
public final class ListParams {
  public static final int MAX_FILTERS = 32;
  public static final int MAX_IN_VALUES = 250;

  /** {@code q} and each filter value, in characters (a LIKE pattern has a size limit too). */
  public static final int MAX_VALUE_LENGTH = 1024;

  private static final Set<String> RESERVED =
      Set.of("cursor", "limit", "sort_by", "sort_order", "hydrate", "include_total", "q");

  private ListParams() {}

  public static ListRequest parse(
      Map<String, List<String>> params, FilterTable table, Cursors cursors) {
    List<Problem> problems = new ArrayList<>();
    int limit = QueryValues.integer(params, "limit", 50, 1, 250, problems);
    boolean hydrate = QueryValues.bool(params, "hydrate", true, problems);
    boolean includeTotal = QueryValues.bool(params, "include_total", true, problems);

    String sortBy = QueryValues.last(params, "sort_by");
    if (sortBy == null) {
      sortBy = table.defaultSort();
    } else if (!table.sortable().contains(sortBy)) {
      problems.add(
          Problem.of("query", "sort_by", QueryValues.oneOf(table.sortable()), "literal_error"));
      sortBy = table.defaultSort();
    }
    String order = QueryValues.last(params, "sort_order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      problems.add(
          Problem.of(
              "query", "sort_order", QueryValues.oneOf(List.of("asc", "desc")), "literal_error"));
      order = null;
    }
    boolean descending = order == null || order.equals("desc");
    String q = QueryValues.last(params, "q");
    if (q != null && q.length() > MAX_VALUE_LENGTH) {
      problems.add(Problem.of("query", "q", tooLong(), "string_too_long"));
      q = null;
    }

    List<Filter> filters = new ArrayList<>();
    TreeMap<String, List<String>> canonical = new TreeMap<>();
    for (var e : params.entrySet()) {
      String param = e.getKey();
      if (RESERVED.contains(param)) {
        continue;
      }
      canonical.put(param, e.getValue());
      for (String raw : e.getValue()) {
        Filter f = filter(table, param, raw, problems);
        if (f != null) {
          filters.add(f);
        }
      }
    }
    if (filters.size() > MAX_FILTERS) {
      problems.add(
          new Problem(
              List.of("query"), "At most " + MAX_FILTERS + " filters are allowed", "too_long"));
    }
    canonical.put(" q", q == null ? List.of() : List.of(q));
    canonical.put(" sort", List.of(sortBy, descending ? "desc" : "asc"));
    String filterHash = Cursors.hash(canonical.toString());

    ListQuery.Keyset after = null;
    String cursor = QueryValues.last(params, "cursor");
    if (cursor != null && !cursor.isEmpty() && problems.isEmpty()) {
      Cursors.Position p = cursors.decode(cursor);
      FieldType sortType = table.field(sortBy).orElseThrow().type();
      if (p == null) {
        problems.add(Problem.of("query", "cursor", "Invalid cursor", "cursor_invalid"));
      } else if (!p.sortBy().equals(sortBy)
          || p.descending() != descending
          || !p.filterHash().equals(filterHash)
          || !valueFits(sortType, p.keyset().value())) {
        problems.add(
            Problem.of(
                "query",
                "cursor",
                "Cursor does not belong to this sort order and these filters",
                "cursor_mismatch"));
      } else {
        after = p.keyset();
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    return new ListRequest(
        new ListQuery(filters, q, sortBy, descending, after, limit, includeTotal),
        hydrate,
        filterHash);
  }

  private static boolean valueFits(FieldType type, Object v) {
    return switch (type) {
      case INTEGER, DATETIME -> v instanceof Long;
      default -> v instanceof String;
    };
  }

  private static Filter filter(FilterTable table, String param, String raw, List<Problem> out) {
    int sep = param.indexOf("__");
    String name = sep < 0 ? param : param.substring(0, sep);
    FilterField field = table.field(name).filter(FilterField::filterable).orElse(null);
    if (field == null) {
      out.add(Problem.of("query", param, "Unknown filter field '" + name + "'", "filter_unknown"));
      return null;
    }
    Op op;
    if (sep < 0) {
      op = field.type().operators().getFirst();
    } else {
      op = Op.fromWire(param.substring(sep + 2)).orElse(null);
      if (op == null || !field.type().operators().contains(op)) {
        out.add(
            Problem.of(
                "query",
                param,
                "Operator '"
                    + param.substring(sep + 2)
                    + "' is not supported for "
                    + field.type().wireName()
                    + " field '"
                    + name
                    + "'",
                "filter_operator"));
        return null;
      }
    }
    List<Object> values = new ArrayList<>();
    if (op == Op.ISNULL) {
      Boolean b = QueryValues.bool(raw);
      if (b == null) {
        out.add(
            Problem.of(
                "query",
                param,
                "Input should be a valid boolean, unable to interpret input",
                "bool_parsing"));
        return null;
      }
      values.add(b);
    } else {
      String[] parts = op.multiValued() ? raw.split(",", -1) : new String[] {raw};
      if (parts.length > MAX_IN_VALUES) {
        out.add(
            Problem.of(
                "query", param, "At most " + MAX_IN_VALUES + " values are allowed", "too_long"));
        return null;
      }
      for (String part : parts) {
        if (part.length() > MAX_VALUE_LENGTH) {
          out.add(Problem.of("query", param, tooLong(), "string_too_long"));
          return null;
        }
        Object v = value(field.type(), part);
        if (v == null) {
          out.add(Problem.of("query", param, message(field.type()), "value_error"));
          return null;
        }
        values.add(v);
      }
    }
    return new Filter(name, field.type(), op, values);
  }

  private static Object value(FieldType type, String raw) {
    return switch (type) {
      case INTEGER -> {
        try {
          yield Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
          yield null;
        }
      }
      case DATETIME -> Times.parse(raw.trim());
      case BOOLEAN -> QueryValues.bool(raw);
      case STRING, ID, TAGS -> raw;
    };
  }

  private static String tooLong() {
    return "String should have at most " + MAX_VALUE_LENGTH + " characters";
  }

  private static String message(FieldType type) {
    return switch (type) {
      case INTEGER -> "Input should be a valid integer";
      case DATETIME -> "Input should be a valid RFC 3339 datetime";
      case BOOLEAN -> "Input should be a valid boolean";
      default -> "Input should be a valid string";
    };
  }
}

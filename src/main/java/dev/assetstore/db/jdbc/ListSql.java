package dev.assetstore.db.jdbc;

import static org.jooq.impl.DSL.length;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.position;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.substring;
import static org.jooq.impl.DSL.val;

import dev.assetstore.db.Filter;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SortField;

/**
 * Turns a {@link ListQuery} into jOOQ conditions and orderings for one resource, and reads a page.
 */
final class ListSql {
  private ListSql() {}

  /** One page of a resource's list, each row mapped by {@code map}. */
  static <T> Slice<T> fetchList(
      DSLContext read, ResourceColumns rc, ListQuery q, Function<Record, T> map) {
    return fetchPage(read, rc, q, query -> query.fetch(map::apply));
  }

  /**
   * One page of a resource's list: one row more than the limit is read to learn whether there is
   * more, and the total is counted only when asked for.
   */
  static <T> Slice<T> fetchPage(
      DSLContext read,
      ResourceColumns rc,
      ListQuery q,
      Function<ResultQuery<Record>, List<T>> fetch) {
    return JdbcSupport.guard(
        () -> {
          List<T> rows =
              fetch.apply(
                  read.select(rc.row())
                      .from(rc.table())
                      .where(page(rc, q))
                      .orderBy(orderBy(rc, q))
                      .limit(q.limit() + 1));
          boolean more = rows.size() > q.limit();
          if (more) {
            rows = rows.subList(0, q.limit());
          }
          long total = q.countTotal() ? read.fetchCount(rc.table(), where(rc, q)) : -1;
          return new Slice<>(rows, more, total);
        });
  }

  static Condition where(ResourceColumns rc, ListQuery q) {
    Condition c = noCondition();
    for (Filter f : q.filters()) {
      c = c.and(condition(rc, f));
    }
    if (q.q() != null && !q.q().isEmpty()) {
      Condition any = org.jooq.impl.DSL.falseCondition();
      for (Field<String> col : rc.searchColumns()) {
        any = any.or(containsIgnoreCase(col, q.q()));
      }
      c = c.and(any);
    }
    return c;
  }

  /** The filter conditions plus the keyset position. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Condition page(ResourceColumns rc, ListQuery q) {
    Condition c = where(rc, q);
    if (q.after() != null) {
      Field sort = rc.column(q.sortBy());
      var left = row(sort, rc.id());
      var right = row(val(q.after().value(), sort), val(q.after().id()));
      c = c.and(q.descending() ? left.lt(right) : left.gt(right));
    }
    return c;
  }

  static List<SortField<?>> orderBy(ResourceColumns rc, ListQuery q) {
    Field<?> sort = rc.column(q.sortBy());
    List<SortField<?>> order = new ArrayList<>(2);
    order.add(q.descending() ? sort.desc() : sort.asc());
    order.add(q.descending() ? rc.id().desc() : rc.id().asc());
    return order;
  }

  /**
   * Case-insensitive for ASCII letters only, the same on every database: SQLite's lower() folds
   * only ASCII, and so does PostgreSQL's for our "C" columns. The value is folded here rather than
   * by lower(?) in SQL, which PostgreSQL would do under the database's default collation (folding
   * 'É' too, while the column keeps it).
   */
  static Condition containsIgnoreCase(Field<String> col, String value) {
    StringBuilder pattern = new StringBuilder("%");
    for (char ch : value.toCharArray()) {
      if (ch == '!' || ch == '%' || ch == '_') {
        pattern.append('!');
      }
      pattern.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
    }
    return lower(col).like(val(pattern.append('%').toString()), '!');
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Condition condition(ResourceColumns rc, Filter f) {
    var tag = rc.tagConditions().get(f.field());
    if (tag != null) {
      return tag.apply(f.value());
    }
    Field col = rc.column(f.field());
    return switch (f.op()) {
      case EQ -> col.eq(val(f.value(), col));
      case NE -> col.isDistinctFrom(val(f.value(), col));
      case GT -> col.gt(val(f.value(), col));
      case GTE -> col.ge(val(f.value(), col));
      case LT -> col.lt(val(f.value(), col));
      case LTE -> col.le(val(f.value(), col));
      case IN -> col.in(f.values());
      case NOT_IN -> col.notIn(f.values()).or(col.isNull());
      // position() is case-sensitive on every database, unlike SQLite's LIKE.
      case CONTAINS -> position((Field<String>) col, val((String) f.value())).gt(0);
      case ICONTAINS -> containsIgnoreCase((Field<String>) col, (String) f.value());
      case STARTSWITH ->
          substring((Field<String>) col, val(1), length(val((String) f.value())))
              .eq(val((String) f.value()));
      case ISNULL -> Boolean.TRUE.equals(f.value()) ? col.isNull() : col.isNotNull();
    };
  }
}

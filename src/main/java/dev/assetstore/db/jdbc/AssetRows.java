package dev.assetstore.db.jdbc;

import dev.assetstore.db.AssetRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.TooManyRowsException;

/**
 * Asset rows read by column position from a query that selects {@link Tables#ASSET_ROW}, in that
 * order. jOOQ renders and runs the query; the rows come straight from the JDBC result set, because
 * jOOQ's per-field record set-up was about a tenth of a list page's CPU (bench/PROFILE.md, session
 * 5). The one place that knows the column order besides {@link Tables#ASSET_ROW} itself.
 */
final class AssetRows {
  private AssetRows() {}

  static List<AssetRow> fetch(ResultQuery<?> query) {
    List<AssetRow> rows = new ArrayList<>();
    forEach(query, rows::add);
    return rows;
  }

  /** At most one row, as jOOQ's {@code fetchOptional}: a second row is an error. */
  static Optional<AssetRow> fetchOptional(ResultQuery<?> query) {
    List<AssetRow> rows = fetch(query);
    if (rows.size() > 1) {
      throw new TooManyRowsException("Cursor returned more than one result");
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  static void forEach(ResultQuery<?> query, Consumer<AssetRow> sink) {
    try (ResultSet rs = query.fetchResultSet()) {
      while (rs.next()) {
        sink.accept(read(rs));
      }
    } catch (SQLException e) {
      throw new DataAccessException("reading asset rows: " + e.getMessage(), e);
    }
  }

  private static AssetRow read(ResultSet rs) throws SQLException {
    return new AssetRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getLong(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getString(8),
        rs.getString(9),
        JdbcSupport.strings(rs.getString(10)),
        rs.getString(11),
        rs.getLong(12),
        rs.getLong(13),
        JdbcSupport.actor(rs.getString(14), rs.getString(15)));
  }
}

package dev.assetstore.db.jdbc;

import dev.assetstore.db.AssetRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.TooManyRowsException;

/**
 * Asset rows read by column position from a query that selects {@link Tables#ASSET_ROW}, in that
 * order. jOOQ renders and runs the query; the rows come straight from the JDBC result set, because
 * jOOQ's per-field record set-up was about a tenth of a list page's CPU (bench/PROFILE.md, session
 * 5). Each column's position is looked up once in {@link Tables#ASSET_ROW}, so the list can change
 * order without this class reading the wrong column.
 */
final class AssetRows {
  private static final int ID = position(Tables.A_ID);
  private static final int NAME = position(Tables.A_NAME);
  private static final int FOLDER = position(Tables.A_FOLDER);
  private static final int CONTENT_TYPE = position(Tables.A_CONTENT_TYPE);
  private static final int SIZE = position(Tables.A_SIZE);
  private static final int SHA256 = position(Tables.A_SHA256);
  private static final int CRC32 = position(Tables.A_CRC32);
  private static final int BLOB_KEY = position(Tables.A_BLOB_KEY);
  private static final int DESCRIPTION = position(Tables.A_DESCRIPTION);
  private static final int TAGS = position(Tables.A_TAGS);
  private static final int METADATA = position(Tables.A_METADATA);
  private static final int CREATED = position(Tables.A_CREATED);
  private static final int UPDATED = position(Tables.A_UPDATED);
  private static final int BY_TYPE = position(Tables.A_BY_TYPE);
  private static final int BY_ID = position(Tables.A_BY_ID);

  private AssetRows() {}

  /** The 1-based JDBC column index of {@code field} in a select of {@link Tables#ASSET_ROW}. */
  private static int position(Field<?> field) {
    int i = Arrays.asList(Tables.ASSET_ROW).indexOf(field);
    if (i < 0) {
      throw new IllegalStateException(field + " is not selected by Tables.ASSET_ROW");
    }
    return i + 1;
  }

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
        rs.getString(ID),
        rs.getString(NAME),
        rs.getString(FOLDER),
        rs.getString(CONTENT_TYPE),
        rs.getLong(SIZE),
        rs.getString(SHA256),
        rs.getLong(CRC32),
        rs.getString(BLOB_KEY),
        rs.getString(DESCRIPTION),
        JdbcSupport.strings(rs.getString(TAGS)),
        rs.getString(METADATA),
        rs.getLong(CREATED),
        rs.getLong(UPDATED),
        JdbcSupport.actor(rs.getString(BY_TYPE), rs.getString(BY_ID)));
  }
}

package dev.assetstore.store.folders;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Names;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.assets.AssetService;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves every URL form of API.md §7: permalinks and download URLs (with or without scheme and
 * host) and {@code /store/<path>} with percent-encoded segments.
 */
public final class StoreResolver {
  private static final String UUID = "([0-9a-fA-F-]{36})";
  private static final Pattern ASSET = Pattern.compile("^/api/store/asset/" + UUID + "/?$");
  private static final Pattern FOLDER = Pattern.compile("^/api/store/folder/" + UUID + "/?$");
  private static final Pattern DOWNLOAD = Pattern.compile("^/api/store/asset/download/?$");
  private static final Pattern ID_PARAM = Pattern.compile("(?:^|&)id=([^&]*)");

  private final MetadataStore store;
  private final AssetService assets;
  private final FolderService folders;

  public StoreResolver(MetadataStore store, AssetService assets, FolderService folders) {
    this.store = store;
    this.assets = assets;
    this.folders = folders;
  }

  public Resolved resolve(String url) {
    if (url == null || url.isBlank()) {
      throw ValidationError.of("query", "url", "Field required", "missing");
    }
    String[] pathAndQuery = split(url.trim());
    String path = pathAndQuery[0];
    String query = pathAndQuery[1];
    Matcher m;
    if ((m = ASSET.matcher(path)).matches()) {
      return new Resolved.Asset(assets.get(m.group(1).toLowerCase()));
    }
    if ((m = FOLDER.matcher(path)).matches()) {
      return new Resolved.Folder(folders.get(m.group(1).toLowerCase()));
    }
    if (DOWNLOAD.matcher(path).matches()) {
      Matcher id = ID_PARAM.matcher(query == null ? "" : query);
      if (!id.find()) {
        throw invalid();
      }
      String value = URLDecoder.decode(id.group(1), StandardCharsets.UTF_8);
      if (id.find()) {
        throw invalid();
      }
      return new Resolved.Asset(assets.get(value.toLowerCase()));
    }
    if (path.equals("/store") || path.equals("/store/")) {
      return new Resolved.Root();
    }
    if (path.startsWith("/store/")) {
      return byPath(segments(path.substring("/store/".length())));
    }
    throw invalid();
  }

  private Resolved byPath(List<String> segments) {
    String full = "/" + String.join("/", segments);
    Optional<FolderRow> folder = store.folderByPath(full);
    if (folder.isPresent()) {
      return new Resolved.Folder(folders.records(List.of(folder.get())).getFirst());
    }
    String name = segments.getLast();
    String parentId = null;
    if (segments.size() > 1) {
      String parentPath = "/" + String.join("/", segments.subList(0, segments.size() - 1));
      parentId =
          store.folderByPath(parentPath).orElseThrow(() -> ApiError.notFound("Nothing")).id();
    }
    AssetRow a = store.assetByName(parentId, name).orElseThrow(() -> ApiError.notFound("Nothing"));
    return new Resolved.Asset(assets.get(a.id()));
  }

  private static List<String> segments(String rest) {
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String raw : rest.split("/", -1)) {
      String s;
      try {
        s = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        s = Names.normalize(s);
      } catch (IllegalArgumentException | Names.InvalidName e) {
        throw invalid();
      }
      out.add(s);
    }
    return out;
  }

  /** Path and raw query of an absolute URL, a scheme-less {@code host/path}, or a bare path. */
  private static String[] split(String url) {
    String s = url;
    if (s.contains("://")) {
      try {
        URI u = new URI(s);
        return new String[] {u.getRawPath() == null ? "" : u.getRawPath(), u.getRawQuery()};
      } catch (URISyntaxException e) {
        throw invalid();
      }
    }
    if (!s.startsWith("/")) {
      int slash = s.indexOf('/');
      if (slash <= 0 || s.substring(0, slash).contains(" ")) {
        throw invalid();
      }
      s = s.substring(slash);
    }
    int q = s.indexOf('?');
    return q < 0 ? new String[] {s, null} : new String[] {s.substring(0, q), s.substring(q + 1)};
  }

  private static ValidationError invalid() {
    return ValidationError.of(
        "query",
        "url",
        "Not a store URL: expected /api/store/asset/{id}, /api/store/folder/{id},"
            + " /api/store/asset/download?id={id} or /store/<path>",
        "value_error");
  }
}

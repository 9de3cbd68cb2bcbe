package dev.assetstore.http;

import dev.assetstore.http.apikeys.ApiKeyFilters;
import dev.assetstore.http.apikeys.CreateApiKey;
import dev.assetstore.http.apikeys.DeleteApiKey;
import dev.assetstore.http.apikeys.GetApiKey;
import dev.assetstore.http.apikeys.ListApiKeys;
import dev.assetstore.http.assets.AssetFilters;
import dev.assetstore.http.assets.DeleteAsset;
import dev.assetstore.http.assets.DownloadAssets;
import dev.assetstore.http.assets.GetAsset;
import dev.assetstore.http.assets.ListAssets;
import dev.assetstore.http.assets.PatchAsset;
import dev.assetstore.http.assets.ReplaceAsset;
import dev.assetstore.http.assets.UploadAsset;
import dev.assetstore.http.console.ConsoleFiles;
import dev.assetstore.http.console.ConsolePage;
import dev.assetstore.http.folders.CreateFolder;
import dev.assetstore.http.folders.DeleteFolder;
import dev.assetstore.http.folders.DownloadFolder;
import dev.assetstore.http.folders.FolderFilters;
import dev.assetstore.http.folders.GetFolder;
import dev.assetstore.http.folders.ListFolders;
import dev.assetstore.http.folders.PatchFolder;
import dev.assetstore.http.folders.ReplaceFolder;
import dev.assetstore.http.ops.Health;
import dev.assetstore.http.ops.Metrics;
import dev.assetstore.http.ops.OpenApiDocument;
import dev.assetstore.http.ops.Ready;
import dev.assetstore.http.shares.AccessDownload;
import dev.assetstore.http.shares.AccessItems;
import dev.assetstore.http.shares.AssetShares;
import dev.assetstore.http.shares.CreateShare;
import dev.assetstore.http.shares.DeleteShare;
import dev.assetstore.http.shares.DownloadShare;
import dev.assetstore.http.shares.EmailShare;
import dev.assetstore.http.shares.FolderShares;
import dev.assetstore.http.shares.GetAccess;
import dev.assetstore.http.shares.GetShare;
import dev.assetstore.http.shares.ListShares;
import dev.assetstore.http.shares.PatchShare;
import dev.assetstore.http.shares.ReplaceShare;
import dev.assetstore.http.shares.ShareAccessAuth;
import dev.assetstore.http.shares.SharePage;
import dev.assetstore.http.store.ResolveStoreUrl;
import dev.assetstore.store.auth.Scope;
import dev.assetstore.store.listing.FilterTable;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The route table: every operation with its id, scope and handler. Collection paths are declared
 * without the trailing slash; Vert.x then answers both spellings identically.
 */
public final class ApiRouter {
  /** The default JSON body limit ({@code ASSET_STORE_MAX_JSON_BYTES}). */
  public static final long JSON_BODY_LIMIT = Limits.DEFAULTS.maxJsonBytes();

  public static final long LOGIN_BODY_LIMIT = Limits.LOGIN_BODY_BYTES;
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";

  private final Router router;
  private final Authenticate auth;
  private final long jsonBodyLimit;

  private ApiRouter(Vertx vertx, Services s, Limits limits, java.util.Set<String> corsOrigins) {
    this.router = Router.router(vertx);
    this.auth = new Authenticate(s.keys(), s.accounts().tokens());
    this.jsonBodyLimit = limits.maxJsonBytes();
    router.route().handler(new RequestLog(s.metrics()));
    // Before the request checks, so that their errors are readable cross-origin too.
    router.route().handler(new Cors(corsOrigins, router));
    router.route().handler(new RequestShape(limits));

    pub(HttpMethod.GET, "/health", "ops.health", new Health());
    pub(HttpMethod.GET, "/ready", "ops.ready", new Ready(s.store(), s.blobs()));
    pub(HttpMethod.GET, "/metrics", "ops.metrics", new Metrics(s.metrics()));
    pub(HttpMethod.GET, "/api/openapi.json", "ops.openapi", new OpenApiDocument());
    pub(
        HttpMethod.GET,
        "/docs",
        "ops.docs",
        ctx -> classpathFile(ctx, "web/docs.html", "text/html"));
    pub(
        HttpMethod.GET,
        "/docs/docs-init.js",
        "ops.docs",
        ctx -> classpathFile(ctx, "web/docs-init.js", "text/javascript"));
    route(HttpMethod.GET, "/docs/*", "ops.docs")
        .handler(op("ops.docs", "/docs/*"))
        .handler(ApiRouter::plainFileName)
        .handler(StaticHandler.create(SWAGGER_UI));

    var assets = s.assets();
    api(HttpMethod.GET, "/api/store/asset", "asset.list", Scope.STORE_READ, new ListAssets(assets));
    api(
        HttpMethod.GET,
        "/api/store/asset/filters",
        "asset.filters",
        Scope.STORE_READ,
        new AssetFilters());
    api(
        HttpMethod.GET,
        "/api/store/asset/download",
        "asset.download",
        Scope.STORE_READ,
        new DownloadAssets(assets));
    api(
        HttpMethod.HEAD,
        "/api/store/asset/download",
        "asset.download",
        Scope.STORE_READ,
        new DownloadAssets(assets));
    resumable(s.uploads());
    streamApi(
        HttpMethod.POST,
        "/api/store/asset/upload",
        "asset.upload",
        Scope.STORE_WRITE,
        new UploadAsset(assets));
    api(
        HttpMethod.GET,
        "/api/store/asset/:id",
        "asset.get",
        Scope.STORE_READ,
        new GetAsset(assets));
    for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      api(
          m,
          "/api/store/asset/:id/preview",
          "asset.preview",
          Scope.STORE_READ,
          new dev.assetstore.http.assets.GetAssetPreview(s.previews()));
    }
    api(
        HttpMethod.GET,
        "/api/store/asset/:id/shares",
        "asset.shares",
        Scope.STORE_READ,
        new AssetShares(s.shares()));
    jsonApi(
        HttpMethod.PUT,
        "/api/store/asset/:id",
        "asset.replace",
        Scope.STORE_WRITE,
        new ReplaceAsset(assets));
    jsonApi(
        HttpMethod.PATCH,
        "/api/store/asset/:id",
        "asset.patch",
        Scope.STORE_WRITE,
        new PatchAsset(assets));
    api(
        HttpMethod.DELETE,
        "/api/store/asset/:id",
        "asset.delete",
        Scope.STORE_WRITE,
        new DeleteAsset(assets));

    var folders = s.folders();
    api(
        HttpMethod.GET,
        "/api/store",
        "store.resolve",
        Scope.STORE_READ,
        new ResolveStoreUrl(s.resolver(), assets, folders));
    api(
        HttpMethod.HEAD,
        "/api/store",
        "store.resolve",
        Scope.STORE_READ,
        new ResolveStoreUrl(s.resolver(), assets, folders));
    api(
        HttpMethod.GET,
        "/api/store/folder",
        "folder.list",
        Scope.STORE_READ,
        new ListFolders(folders));
    jsonApi(
        HttpMethod.POST,
        "/api/store/folder",
        "folder.create",
        Scope.STORE_WRITE,
        new CreateFolder(folders));
    api(
        HttpMethod.GET,
        "/api/store/folder/filters",
        "folder.filters",
        Scope.STORE_READ,
        new FolderFilters());
    api(
        HttpMethod.GET,
        "/api/store/folder/:id",
        "folder.get",
        Scope.STORE_READ,
        new GetFolder(folders));
    api(
        HttpMethod.GET,
        "/api/store/folder/:id/shares",
        "folder.shares",
        Scope.STORE_READ,
        new FolderShares(s.shares()));
    api(
        HttpMethod.GET,
        "/api/store/folder/:id/download",
        "folder.download",
        Scope.STORE_READ,
        new DownloadFolder(folders, assets));
    api(
        HttpMethod.HEAD,
        "/api/store/folder/:id/download",
        "folder.download",
        Scope.STORE_READ,
        new DownloadFolder(folders, assets));
    jsonApi(
        HttpMethod.PUT,
        "/api/store/folder/:id",
        "folder.replace",
        Scope.STORE_WRITE,
        new ReplaceFolder(folders));
    jsonApi(
        HttpMethod.PATCH,
        "/api/store/folder/:id",
        "folder.patch",
        Scope.STORE_WRITE,
        new PatchFolder(folders));
    api(
        HttpMethod.DELETE,
        "/api/store/folder/:id",
        "folder.delete",
        Scope.STORE_WRITE,
        new DeleteFolder(folders));

    var shares = s.shares();
    var recipients = shares.recipients();
    var shareAccess = new ShareAccessAuth(recipients);
    api(HttpMethod.GET, "/api/share", "share.list", Scope.STORE_READ, new ListShares(shares));
    jsonApi(
        HttpMethod.POST, "/api/share", "share.create", Scope.STORE_SHARE, new CreateShare(shares));
    api(
        HttpMethod.GET,
        "/api/share/filters",
        "share.filters",
        Scope.STORE_READ,
        ctx -> Json.send(ctx, 200, FilterTable.SHARES.metadata()));
    route(HttpMethod.POST, "/api/share/get_access", "share.get_access")
        .handler(BodyHandler.create(false).setBodyLimit(jsonBodyLimit))
        .handler(op("share.get_access", "/api/share/get_access"))
        .handler(new GetAccess(shares.redemptions()));
    access(
        HttpMethod.GET,
        "/api/share/access/items",
        "share.access.items",
        shareAccess,
        new AccessItems(recipients));
    access(
        HttpMethod.GET,
        "/api/share/access/download",
        "share.access.download",
        shareAccess,
        AccessDownload.assets(recipients, s.metrics()));
    access(
        HttpMethod.HEAD,
        "/api/share/access/download",
        "share.access.download",
        shareAccess,
        AccessDownload.assets(recipients, s.metrics()));
    for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      access(
          m,
          "/api/share/access/preview",
          "share.access.preview",
          shareAccess,
          new dev.assetstore.http.shares.AccessPreview(s.previews()));
    }
    access(
        HttpMethod.GET,
        "/api/share/access/folder/:id/download",
        "share.access.folder_download",
        shareAccess,
        AccessDownload.folder(recipients, s.metrics()));
    access(
        HttpMethod.HEAD,
        "/api/share/access/folder/:id/download",
        "share.access.folder_download",
        shareAccess,
        AccessDownload.folder(recipients, s.metrics()));
    api(HttpMethod.GET, "/api/share/:id", "share.get", Scope.STORE_READ, new GetShare(shares));
    jsonApi(
        HttpMethod.PUT,
        "/api/share/:id",
        "share.replace",
        Scope.STORE_WRITE,
        new ReplaceShare(shares));
    jsonApi(
        HttpMethod.PATCH,
        "/api/share/:id",
        "share.patch",
        Scope.STORE_WRITE,
        new PatchShare(shares));
    api(
        HttpMethod.DELETE,
        "/api/share/:id",
        "share.delete",
        Scope.STORE_WRITE,
        new DeleteShare(shares));
    api(
        HttpMethod.GET,
        "/api/share/:id/download",
        "share.download",
        Scope.STORE_READ,
        new DownloadShare(shares));
    api(
        HttpMethod.HEAD,
        "/api/share/:id/download",
        "share.download",
        Scope.STORE_READ,
        new DownloadShare(shares));
    jsonApi(
        HttpMethod.POST,
        "/api/share/:id/email",
        "share.email",
        Scope.STORE_SHARE,
        new EmailShare(shares));
    pub(HttpMethod.GET, "/s/:token", "share.page", new SharePage());
    route(HttpMethod.GET, "/s-static/*", "share.page")
        .handler(op("share.page", "/s-static/*"))
        .handler(ApiRouter::plainFileName)
        .handler(
            ctx -> {
              SharePage.security(ctx);
              ctx.next();
            })
        .handler(StaticHandler.create("web").setCachingEnabled(false).setIndexPage("-"));

    var keys = s.keys();
    api(
        HttpMethod.GET,
        "/api/admin/api-keys",
        "apikey.list",
        Scope.APIKEYS_READ,
        new ListApiKeys(keys));
    jsonApi(
        HttpMethod.POST,
        "/api/admin/api-keys",
        "apikey.create",
        Scope.APIKEYS_WRITE,
        new CreateApiKey(keys));
    api(
        HttpMethod.GET,
        "/api/admin/api-keys/filters",
        "apikey.filters",
        Scope.APIKEYS_READ,
        new ApiKeyFilters());
    api(
        HttpMethod.GET,
        "/api/admin/api-keys/:id",
        "apikey.get",
        Scope.APIKEYS_READ,
        new GetApiKey(keys));
    api(
        HttpMethod.DELETE,
        "/api/admin/api-keys/:id",
        "apikey.delete",
        Scope.APIKEYS_WRITE,
        new DeleteApiKey(keys));

    accounts(s.accounts());
    console();

    router.route().failureHandler(ErrorMapper::handle);
    for (int status : ErrorMapper.routerStatuses()) {
      router.errorHandler(status, ctx -> ErrorMapper.handle(ctx, status));
    }
  }

  /** Issue 16: resumable uploads (tus 1.0.0 and the IETF draft), before the asset routes. */
  private void resumable(dev.assetstore.store.uploads.UploadService uploads) {
    String base = "/api/store/asset/tus";
    String one = base + "/:uploadId";
    pub(
        HttpMethod.OPTIONS,
        base,
        "upload.options",
        new dev.assetstore.http.tus.TusOptions(uploads));
    streamApi(
        HttpMethod.POST,
        base,
        "upload.create",
        Scope.STORE_WRITE,
        new dev.assetstore.http.tus.CreateUpload(uploads));
    api(
        HttpMethod.HEAD,
        one,
        "upload.head",
        Scope.STORE_WRITE,
        new dev.assetstore.http.tus.HeadUpload(uploads));
    streamApi(
        HttpMethod.PATCH,
        one,
        "upload.append",
        Scope.STORE_WRITE,
        new dev.assetstore.http.tus.PatchUpload(uploads));
    // tus-java-client (HttpURLConnection has no PATCH) sends POST with X-HTTP-Method-Override.
    var append = new dev.assetstore.http.tus.PatchUpload(uploads);
    streamApi(
        HttpMethod.POST,
        one,
        "upload.append",
        Scope.STORE_WRITE,
        ctx -> {
          if ("PATCH".equalsIgnoreCase(ctx.request().getHeader("X-HTTP-Method-Override"))) {
            append.handle(ctx);
          } else {
            ctx.put(ErrorMapper.CLOSE_AFTER, true);
            ctx.fail(
                new dev.assetstore.store.ApiError(
                    400, "POST on an upload needs X-HTTP-Method-Override: PATCH"));
          }
        });
    api(
        HttpMethod.DELETE,
        one,
        "upload.delete",
        Scope.STORE_WRITE,
        new dev.assetstore.http.tus.DeleteUpload(uploads));
    api(
        HttpMethod.GET,
        one,
        "upload.get",
        Scope.STORE_READ,
        new dev.assetstore.http.tus.GetUpload(uploads));
  }

  /** Issue 5: login, refresh and the users admin API. */
  private void accounts(dev.assetstore.store.auth.Accounts accounts) {
    for (String[] r :
        new String[][] {
          {"/api/login/access-token", "login.access_token"},
          {"/api/login/refresh-token", "login.refresh_token"}
        }) {
      route(HttpMethod.POST, r[0], r[1])
          .handler(new dev.assetstore.http.login.FormBody(LOGIN_BODY_LIMIT))
          .handler(op(r[1], r[0]))
          .handler(
              r[1].equals("login.access_token")
                  ? new dev.assetstore.http.login.Login(accounts)
                  : new dev.assetstore.http.login.Refresh(accounts));
    }
    // Issue 18: the console's sign-out ends the refresh cookie's session on the server too.
    route(HttpMethod.POST, "/api/login/logout", "login.logout")
        .handler(new dev.assetstore.http.login.FormBody(LOGIN_BODY_LIMIT))
        .handler(op("login.logout", "/api/login/logout"))
        .handler(new dev.assetstore.http.login.Logout(accounts));
    var users = accounts.users();
    api(
        HttpMethod.GET,
        "/api/admin/users",
        "user.list",
        Scope.USERS_READ,
        new dev.assetstore.http.users.ListUsers(users));
    jsonApi(
        HttpMethod.POST,
        "/api/admin/users",
        "user.create",
        Scope.USERS_WRITE,
        new dev.assetstore.http.users.CreateUser(users));
    api(
        HttpMethod.GET,
        "/api/admin/users/filters",
        "user.filters",
        Scope.USERS_READ,
        new dev.assetstore.http.users.UserFilters());
    api(
        HttpMethod.GET,
        "/api/admin/users/:id",
        "user.get",
        Scope.USERS_READ,
        new dev.assetstore.http.users.GetUser(users));
    jsonApi(
        HttpMethod.PATCH,
        "/api/admin/users/:id",
        "user.patch",
        Scope.USERS_WRITE,
        new dev.assetstore.http.users.PatchUser(users));
    api(
        HttpMethod.DELETE,
        "/api/admin/users/:id",
        "user.delete",
        Scope.USERS_WRITE,
        new dev.assetstore.http.users.DeleteUser(users));
  }

  /** Issue 18: {@code /} sends people to the console; the console's page, files and worker. */
  private void console() {
    pub(HttpMethod.GET, "/", "console.root", ctx -> ctx.redirect("/app/"));
    pub(HttpMethod.GET, "/app/sw.js", "console.file", ConsoleFiles::serviceWorker);
    router
        .route(HttpMethod.GET, ConsoleFiles.PREFIX + "*")
        .handler(op("console.file", ConsoleFiles.PREFIX + "*"))
        .handler(ApiRouter::plainFileName)
        .handler(new ConsoleFiles());
    pub(HttpMethod.GET, "/app", "console.page", new ConsolePage());
    pub(HttpMethod.GET, "/app/*", "console.page", new ConsolePage());
  }

  /** {@code corsOrigins}: the browser origins allowed to call {@code /api} (see {@link Cors}). */
  public static Router create(
      Vertx vertx, Services services, Limits limits, java.util.Set<String> corsOrigins) {
    return new ApiRouter(vertx, services, limits, corsOrigins).router;
  }

  /** One route of a live router: method ("*": any), path as declared, and its operation id. */
  public record Operation(String method, String path, String id) {}

  /**
   * The routes {@code router} answers by path, as they are (so a test can hold the route table
   * against the OpenAPI document); handlers that run for every request are left out.
   */
  public static List<Operation> operations(Router router) {
    List<Operation> out = new ArrayList<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() == null && !r.isRegexPath()) {
        continue;
      }
      // Vert.x keeps a wildcard route's path as its prefix ("/docs/" for "/docs/*").
      String path = r.getPath() == null ? "regex" : r.getPath() + (r.isExactPath() ? "" : "*");
      Set<HttpMethod> methods = r.methods();
      if (methods == null || methods.isEmpty()) {
        out.add(new Operation("*", path, r.getName()));
      } else {
        for (HttpMethod m : methods) {
          out.add(new Operation(m.name(), path, r.getName()));
        }
      }
    }
    return out;
  }

  /** Every operation's route is named by its operation id, which {@link #operations} reports. */
  private Route route(HttpMethod m, String path, String id) {
    return router.route(m, path).setName(id);
  }

  private static void classpathFile(RoutingContext ctx, String resource, String type) {
    ctx.response().putHeader("Content-Type", type).sendFile(resource).onFailure(ctx::fail);
  }

  /**
   * Static files are plain names: anything else (dot segments, encoded slashes, empty names) is 404
   * before the static handler, which fails on some of them (an index exception, a 500).
   */
  private static void plainFileName(RoutingContext ctx) {
    String rest = ctx.pathParam("*");
    if (rest == null
        || !rest.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")) {
      ctx.fail(404);
      return;
    }
    ctx.next();
  }

  private static Handler<RoutingContext> op(String id, String path) {
    return ctx -> {
      ctx.put(RequestLog.OP, id);
      ctx.put(RequestLog.ROUTE, path);
      ctx.next();
    };
  }

  private void pub(HttpMethod m, String path, String id, Handler<RoutingContext> h) {
    route(m, path, id).handler(op(id, path)).handler(h);
  }

  private void api(HttpMethod m, String path, String id, Scope scope, Handler<RoutingContext> h) {
    route(m, path, id).handler(op(id, path)).handler(auth.require(scope)).handler(h);
  }

  /** A recipient route: only a share access token is accepted. */
  private void access(
      HttpMethod m, String path, String id, ShareAccessAuth auth, Handler<RoutingContext> h) {
    route(m, path, id).handler(op(id, path)).handler(auth).handler(h);
  }

  /** A route that streams its body: paused before authentication, resumed by the handler. */
  private void streamApi(
      HttpMethod m, String path, String id, Scope scope, Handler<RoutingContext> h) {
    route(m, path, id)
        .handler(
            ctx -> {
              ctx.request().pause();
              ctx.next();
            })
        .handler(op(id, path))
        .handler(auth.require(scope))
        .handler(h);
  }

  /** A route with a JSON body: read (bounded) before authentication so no byte is lost. */
  private void jsonApi(
      HttpMethod m, String path, String id, Scope scope, Handler<RoutingContext> h) {
    route(m, path, id)
        .handler(BodyHandler.create(false).setBodyLimit(jsonBodyLimit))
        .handler(op(id, path))
        .handler(auth.require(scope))
        .handler(h);
  }
}

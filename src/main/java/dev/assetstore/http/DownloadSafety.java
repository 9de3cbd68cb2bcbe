package dev.assetstore.http;

import dev.assetstore.store.ApiError;
import dev.assetstore.store.assets.ContentTypes;
import dev.assetstore.store.listing.QueryValues;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * What a browser may do with downloaded bytes. Uploaded content must never run in our origin: there
 * it could use the refresh cookie or the share page's access token.
 *
 * <ul>
 *   <li>Every download carries {@code X-Content-Type-Options: nosniff}, so a browser never guesses
 *       a more dangerous type than the stored one.
 *   <li>Active types (HTML, SVG, XML: {@link ContentTypes#active}) are {@code attachment} whatever
 *       {@code inline} says, unless an authenticated owner (API key or user token) asks for {@code
 *       inline=true}; a share access token or the public page never gets them inline. Whenever an
 *       active type is sent, {@code Content-Security-Policy: sandbox …} gives it an opaque origin
 *       with no script, no forms and no network, should a browser render it after all.
 *   <li>A download is never loaded as a script, style sheet or worker ({@code Sec-Fetch-Dest}), so
 *       an uploaded file cannot get past the share page's {@code script-src 'self'}.
 * </ul>
 */
public final class DownloadSafety {
  /** For active content: its own opaque origin, no script, nothing fetched but inline data. */
  public static final String SANDBOX =
      "sandbox; default-src 'none'; img-src data:; media-src data:; style-src 'unsafe-inline'";

  private static final Set<String> CODE_DESTINATIONS =
      Set.of(
          "script",
          "style",
          "worker",
          "sharedworker",
          "serviceworker",
          "audioworklet",
          "paintworklet",
          "xslt");

  private DownloadSafety() {}

  /** Headers every download response carries, whatever its status. */
  static void common(HttpServerResponse resp) {
    resp.putHeader(AsciiHeaders.NOSNIFF_NAME, AsciiHeaders.NOSNIFF);
  }

  /** Null, or the refusal for a request that would load the download as code. */
  static ApiError refusal(HttpServerRequest req) {
    String dest = req.getHeader("Sec-Fetch-Dest");
    if (dest != null && CODE_DESTINATIONS.contains(dest.trim().toLowerCase(Locale.ROOT))) {
      return new ApiError(403, "Downloads cannot be loaded as scripts, style sheets or workers");
    }
    return null;
  }

  /** Whether to send {@code inline}; adds the sandbox policy for active types. */
  static boolean inline(RoutingContext ctx, String contentType) {
    boolean asked = Boolean.TRUE.equals(QueryValues.bool(ctx.request().getParam("inline")));
    if (!ContentTypes.active(contentType)) {
      return asked;
    }
    ctx.response().putHeader("Content-Security-Policy", SANDBOX);
    return asked && Authenticate.principal(ctx) != null;
  }
}

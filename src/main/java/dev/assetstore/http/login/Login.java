package dev.assetstore.http.login;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Params;
import dev.assetstore.store.auth.Accounts;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/login/access-token} — login.access_token. The body must be a form (urlencoded or
 * multipart); any other body (JSON included) has no form fields and is 422, as upstream answers.
 */
public final class Login implements io.vertx.core.Handler<RoutingContext> {
  private final Accounts accounts;

  public Login(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap form = FormBody.fields(ctx);
    Params.refuseNul(form);
    String username = form.get("username");
    String password = form.get("password");
    String grantType = form.get("grant_type");
    String scope = form.get("scope");
    RefreshCookie.noStore(ctx);
    Blocking.call(() -> accounts.logins().login(username, password, grantType, scope))
        .onSuccess(issued -> RefreshCookie.send(ctx, issued, accounts.secureCookie()))
        .onFailure(ctx::fail);
  }
}

package dev.assetstore.http.users;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.store.auth.UserService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/admin/users/} — user.create; the password is hashed off the event loop. */
public final class CreateUser implements Handler<RoutingContext> {
  private final UserService users;

  public CreateUser(UserService users) {
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    var principal = Authenticate.principal(ctx);
    Respond.json(
        ctx,
        201,
        () -> {
          var row = users.create(principal, body);
          ctx.response().putHeader("Location", "/api/admin/users/" + row.id());
          return UserView.of(row);
        });
  }
}

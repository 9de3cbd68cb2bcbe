package dev.assetstore.http.users;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Respond;
import dev.assetstore.store.auth.UserService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code DELETE /api/admin/users/{id}} — user.delete; refresh stops at once. */
public final class DeleteUser implements Handler<RoutingContext> {
  private final UserService users;

  public DeleteUser(UserService users) {
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var principal = Authenticate.principal(ctx);
    Respond.noContent(ctx, () -> users.delete(principal, id));
  }
}

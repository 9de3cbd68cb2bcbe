package dev.assetstore.store.auth;

import dev.assetstore.db.Actor;
import java.util.Set;

/** Who is calling: an API key (later also a user), with the scopes it holds. */
public record Principal(String type, String id, String name, Set<Scope> scopes, Long expires) {

  public boolean has(Scope scope) {
    return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
  }

  public Actor actor() {
    return new Actor(type, id);
  }
}

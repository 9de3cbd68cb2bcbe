package dev.assetstore.http.users;

import dev.assetstore.db.UserRow;
import dev.assetstore.store.Times;
import java.util.LinkedHashMap;
import java.util.Map;

/** The UserRead shape. The password hash is not a field of it, by construction. */
public final class UserView {
  private UserView() {}

  public static Map<String, Object> of(UserRow u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("type", "user");
    m.put("username", u.username());
    m.put("email", u.email());
    m.put("scopes", u.scopes());
    m.put("disabled", u.disabled());
    m.put("created", Times.format(u.created()));
    m.put("updated", Times.format(u.updated()));
    m.put("created_by", u.createdBy() == null ? null : u.createdBy().id());
    return m;
  }
}

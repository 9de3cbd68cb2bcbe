package dev.assetstore.store.auth;

import java.util.Optional;

/** The scopes of API.md §2. {@code admin} implies every other; no other implies another. */
public enum Scope {
  STORE_READ("store:read"),
  STORE_WRITE("store:write"),
  STORE_SHARE("store:share"),
  APIKEYS_READ("apikeys:read"),
  APIKEYS_WRITE("apikeys:write"),
  USERS_READ("users:read"),
  USERS_WRITE("users:write"),
  ADMIN("admin");

  private final String wire;

  Scope(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Scope> fromWire(String s) {
    for (Scope sc : values()) {
      if (sc.wire.equals(s)) {
        return Optional.of(sc);
      }
    }
    return Optional.empty();
  }
}

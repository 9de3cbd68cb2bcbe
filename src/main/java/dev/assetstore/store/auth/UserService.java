package dev.assetstore.store.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.db.AccountStore;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.Slice;
import dev.assetstore.db.UserRow;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.FilterTable;
import dev.assetstore.store.listing.ListParams;
import dev.assetstore.store.listing.ListRequest;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.listing.Pages;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users admin API and the offline {@code users create}. A caller can neither grant a scope it
 * does not hold nor change or delete a user who holds one it does not (so {@code users:write} is no
 * path to {@code admin}). Password hashes never leave this class except into the store.
 */
public final class UserService {
  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 1024;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

  private final AccountStore store;
  private final Cursors cursors;
  private final AccessTokens tokens;

  public UserService(MetadataStore store, Cursors cursors, AccessTokens tokens) {
    this.store = store.accounts();
    this.cursors = cursors;
    this.tokens = tokens;
  }

  public UserRow create(Principal creator, JsonNode json) {
    JsonBody body = new JsonBody(json);
    String username = username(body, true);
    String password = password(body, true);
    String email = email(body);
    List<Scope> scopes = scopes(body, true);
    Boolean disabled = bool(body, "disabled");
    body.validate();
    requireHeld(creator, scopes);
    return insert(username, password, email, scopes, Boolean.TRUE.equals(disabled), creator);
  }

  /** {@code asset-store users create}: no caller, so no scope check. Blocks (Argon2). */
  public UserRow createOffline(
      String username, String password, String email, List<String> scopeNames) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("username", username);
    m.put("password", password);
    m.put("email", email);
    m.put("scopes", scopeNames);
    JsonBody body = new JsonBody(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(m));
    String u = username(body, true);
    String p = password(body, true);
    String e = email(body);
    List<Scope> s = scopes(body, true);
    body.validate();
    return insert(u, p, e, s, false, null);
  }

  private UserRow insert(
      String username,
      String password,
      String email,
      List<Scope> scopes,
      boolean disabled,
      Principal creator) {
    long now = Times.nowMicros();
    UserRow row =
        new UserRow(
            Ids.newId(),
            username,
            Usernames.key(username),
            email,
            Passwords.hash(password),
            wire(scopes),
            disabled,
            now,
            now,
            creator == null ? null : creator.actor());
    try {
      store.insertUser(row);
    } catch (NameConflictException e) {
      throw ApiError.conflict("A user with this username already exists");
    }
    return row;
  }

  public Page<UserRow> list(Map<String, List<String>> params) {
    ListRequest req = ListParams.parse(params, FilterTable.USERS, cursors);
    Slice<UserRow> slice = store.listUsers(req.query());
    return Pages.of(req, slice, slice.items(), UserService::sortValue, UserRow::id, cursors);
  }

  private static Object sortValue(UserRow r, String field) {
    return switch (field) {
      case "username" -> r.username();
      case "updated" -> r.updated();
      default -> r.created();
    };
  }

  public UserRow get(String id) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("User");
    }
    return store.user(id).orElseThrow(() -> ApiError.notFound("User"));
  }

  public List<UserRow> byIds(java.util.Collection<String> ids) {
    return store.users(ids);
  }

  public UserRow patch(Principal caller, String id, JsonNode json) {
    JsonBody body = new JsonBody(json);
    UserRow old = get(id);
    String username = body.has("username") ? username(body, true) : old.username();
    String password = body.has("password") ? password(body, true) : null;
    String email = body.has("email") ? email(body) : old.email();
    List<Scope> scopes = body.has("scopes") ? scopes(body, true) : null;
    Boolean disabled = body.has("disabled") ? bool(body, "disabled") : null;
    if (body.isNull("disabled")) {
      body.problem("disabled", "Input should be a valid boolean", "bool_type");
    }
    body.validate();
    requireHeld(caller, heldBy(old));
    if (scopes != null) {
      requireHeld(caller, scopes);
    }
    UserRow updated =
        new UserRow(
            old.id(),
            username,
            Usernames.key(username),
            email,
            password == null ? old.passwordHash() : Passwords.hash(password),
            scopes == null ? old.scopes() : wire(scopes),
            disabled == null ? old.disabled() : disabled,
            old.created(),
            Math.max(Times.nowMicros(), old.updated() + 1),
            old.createdBy());
    try {
      if (!store.updateUser(updated)) {
        throw ApiError.notFound("User");
      }
    } catch (NameConflictException e) {
      throw ApiError.conflict("A user with this username already exists");
    }
    if (password != null || updated.disabled()) {
      store.revokeUserRefreshTokens(id);
    }
    tokens.evict(id);
    return updated;
  }

  public void delete(Principal caller, String id) {
    UserRow old = get(id);
    requireHeld(caller, heldBy(old));
    if (!store.deleteUser(id)) {
      throw ApiError.notFound("User");
    }
    tokens.evict(id);
  }

  private static List<Scope> heldBy(UserRow row) {
    return List.copyOf(AccessTokens.scopes(row.scopes()));
  }

  private static void requireHeld(Principal caller, List<Scope> scopes) {
    if (caller == null) {
      return;
    }
    for (Scope s : scopes) {
      if (!caller.has(s)) {
        throw new ApiError(403, "Cannot grant or manage a scope you do not hold: " + s.wire());
      }
    }
  }

  private static List<String> wire(List<Scope> scopes) {
    return scopes.stream().map(Scope::wire).toList();
  }

  // ---- field rules

  private static String username(JsonBody body, boolean required) {
    String u = body.string("username", required, Usernames.MAX_LENGTH);
    if (u != null) {
      String why = Usernames.problem(u);
      if (why != null) {
        body.problem("username", why, "value_error");
        return null;
      }
    }
    return u;
  }

  private static String password(JsonBody body, boolean required) {
    String p = body.string("password", required, MAX_PASSWORD);
    if (p != null && p.codePointCount(0, p.length()) < MIN_PASSWORD) {
      body.problem(
          "password",
          "String should have at least " + MIN_PASSWORD + " characters",
          "string_too_short");
      return null;
    }
    return p;
  }

  private static String email(JsonBody body) {
    String e = body.string("email", false, 254);
    if (e != null && !EMAIL.matcher(e).matches()) {
      body.problem("email", "Value is not a valid email address", "value_error");
      return null;
    }
    return e;
  }

  private static Boolean bool(JsonBody body, String field) {
    JsonNode n = body.node(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isBoolean()) {
      body.problem(field, "Input should be a valid boolean", "bool_type");
      return null;
    }
    return n.booleanValue();
  }

  private static List<Scope> scopes(JsonBody body, boolean required) {
    List<String> names = body.strings("scopes", required);
    List<Scope> out = new ArrayList<>();
    if (names == null) {
      return out;
    }
    LinkedHashSet<Scope> seen = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      Optional<Scope> s = Scope.fromWire(names.get(i));
      if (s.isEmpty()) {
        body.problem(
            new Problem(
                List.of("body", "scopes", i), "Unknown scope '" + names.get(i) + "'", "enum"));
      } else {
        seen.add(s.get());
      }
    }
    out.addAll(seen);
    return out;
  }
}

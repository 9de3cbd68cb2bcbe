package dev.assetstore.store.auth;

import dev.assetstore.store.ApiError;
import java.util.Map;

/** The two 401s and the 403 of API.md §2, worded once. */
public final class Credentials {
  private Credentials() {}

  private static final Map<String, String> CHALLENGE =
      Map.of("WWW-Authenticate", "Bearer, APIKey realm=\"asset-store\"");

  public static ApiError missing() {
    return new ApiError(401, "Not authenticated", CHALLENGE);
  }

  public static ApiError invalid() {
    return new ApiError(401, "Invalid or expired credentials", CHALLENGE);
  }

  public static ApiError forbidden(Scope scope) {
    return new ApiError(403, "Missing required scope: " + scope.wire());
  }
}

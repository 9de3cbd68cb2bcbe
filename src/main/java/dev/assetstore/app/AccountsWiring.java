package dev.assetstore.app;

import dev.assetstore.db.MetadataStore;
import dev.assetstore.store.auth.AccessTokens;
import dev.assetstore.store.auth.Accounts;
import dev.assetstore.store.auth.LoginService;
import dev.assetstore.store.auth.UserService;
import dev.assetstore.store.listing.Cursors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/** Builds the account services: the JWT key from configuration or the shared settings table. */
final class AccountsWiring {
  private AccountsWiring() {}

  static Accounts build(Config c, MetadataStore store, Cursors cursors, Clock clock) {
    AccessTokens tokens = new AccessTokens(store, jwtKey(c, store), clock);
    boolean secure = c.publicUrl() != null && c.publicUrl().toLowerCase().startsWith("https:");
    return new Accounts(
        new UserService(store, cursors, tokens), new LoginService(store, tokens), tokens, secure);
  }

  /**
   * {@code ASSET_STORE_JWT_SECRET} if set; otherwise a 256-bit key generated once and kept in the
   * database ({@code settings.jwt_hmac_key}), so every node sharing the database agrees.
   */
  static byte[] jwtKey(Config c, MetadataStore store) {
    if (c.jwtSecret() != null) {
      return c.jwtSecret().getBytes(StandardCharsets.UTF_8);
    }
    return Base64.getDecoder().decode(store.setting("jwt_hmac_key", AssetStoreServer::secret));
  }
}

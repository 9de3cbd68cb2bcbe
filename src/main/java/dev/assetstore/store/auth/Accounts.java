package dev.assetstore.store.auth;

/**
 * The account services handed to the HTTP layer. {@code secureCookie}: the refresh cookie carries
 * {@code Secure} (the public URL is https).
 */
public record Accounts(
    UserService users, LoginService logins, AccessTokens tokens, boolean secureCookie) {}

package dev.assetstore.store.shares;

/** A successful {@code get_access}: the token and what the visitor may see. */
public record Redemption(String accessToken, long expiresIn, ShareAccess access) {}

package dev.assetstore.db;

import java.util.List;

/** An API key as stored: only the SHA-256 of the raw key, never the key itself. */
public record ApiKeyRow(
    String id,
    String label,
    String prefix,
    String keyHash,
    List<String> scopes,
    Long expires,
    Long lastUsed,
    long created,
    long updated,
    Actor createdBy) {}

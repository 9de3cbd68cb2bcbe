package dev.assetstore.db;

/** Who created a record: {@code type} is {@code api_key} or {@code user}. */
public record Actor(String type, String id) {}

package dev.assetstore.store.auth;

/** The hydrated form of {@code created_by}: {@code {id, type, name}}. */
public record ActorView(String id, String type, String name) {}

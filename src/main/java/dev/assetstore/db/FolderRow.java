package dev.assetstore.db;

/** A folder as stored; {@code path} is the materialised human path ({@code /A/B}). */
public record FolderRow(
    String id,
    String name,
    String parentId,
    String path,
    int depth,
    String description,
    long created,
    long updated,
    Actor createdBy) {}

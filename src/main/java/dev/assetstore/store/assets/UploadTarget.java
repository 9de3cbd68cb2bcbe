package dev.assetstore.store.assets;

/** Where an upload goes, checked before its body is read. */
public record UploadTarget(String folderId, boolean renameOnConflict) {}

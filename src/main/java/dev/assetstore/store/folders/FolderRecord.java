package dev.assetstore.store.folders;

import dev.assetstore.db.FolderRow;
import dev.assetstore.store.auth.ActorView;

/** A folder with what its views need: its parent (for hydration) and its creator. */
public record FolderRecord(FolderRow row, FolderRow parent, ActorView createdBy) {}

package dev.assetstore.store.folders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.store.Fields;
import dev.assetstore.store.JsonBody;

/**
 * A parsed FolderWriteCreate (POST), FolderWriteReplace (PUT) or FolderWriteUpdate (PATCH). For
 * PATCH a {@code set*} flag false means "leave as is".
 */
record FolderWrite(
    boolean setName,
    String name,
    boolean setParent,
    String parent,
    boolean setDescription,
    String description) {

  static FolderWrite parse(JsonNode json, boolean full) {
    JsonBody body = new JsonBody(json);
    String name = body.name(full);
    String parent = body.string("parent", false, 64);
    String description = body.string("description", false, Fields.MAX_DESCRIPTION);
    body.validate();
    return new FolderWrite(
        full || body.has("name"),
        name,
        full || body.has("parent"),
        parent,
        full || body.has("description"),
        description);
  }
}

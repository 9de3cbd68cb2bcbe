package dev.assetstore.store.folders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.store.Fields;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Names;

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
    String name = body.string("name", full, Integer.MAX_VALUE);
    if (!full && body.isNull("name")) {
      body.problem("name", "Input should be a valid string", "string_type");
    }
    if (name != null) {
      try {
        name = Names.normalize(name);
      } catch (Names.InvalidName e) {
        body.problem("name", e.getMessage(), "value_error");
      }
    }
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

package dev.assetstore.store.assets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.store.Fields;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed AssetWriteReplace (PUT) or AssetWriteUpdate (PATCH). For PATCH, a {@code set*} flag
 * false means "leave as is"; for PUT every field is set, omitted ones to their reset value.
 */
record AssetWrite(
    boolean setName,
    String name,
    boolean setFolder,
    String folder,
    boolean setDescription,
    String description,
    boolean setTags,
    List<String> tags,
    boolean setMetadata,
    String metadataJson) {

  static AssetWrite parse(JsonNode json, boolean replace) {
    JsonBody body = new JsonBody(json);
    String name = body.name(replace);
    String folder = body.string("folder", false, 64);
    String description = body.string("description", false, Fields.MAX_DESCRIPTION);
    List<String> tags = body.strings("tags", false);
    JsonNode metadata = body.object("metadata");
    List<Problem> problems = new ArrayList<>();
    String metadataJson =
        metadata == null
            ? "{}"
            : Fields.metadataJson(metadata, List.of("body", "metadata"), problems);
    problems.forEach(body::problem);
    body.validate();
    return new AssetWrite(
        replace || body.has("name"),
        name,
        replace || body.has("folder"),
        folder,
        replace || body.has("description"),
        description,
        replace || body.has("tags"),
        tags == null ? List.of() : tags,
        replace || body.has("metadata"),
        metadataJson);
  }
}

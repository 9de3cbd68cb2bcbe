package dev.assetstore.store.assets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.blob.StoredBlob;
import dev.assetstore.db.AssetRow;
import dev.assetstore.store.Fields;
import dev.assetstore.store.Ids;
import dev.assetstore.store.Names;
import dev.assetstore.store.NulCharacters;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.auth.Principal;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The row an upload asks for: its form fields checked (every problem reported at once, as a 422)
 * and its digests compared with the stored bytes.
 */
final class UploadRows {
  private UploadRows() {}

  static AssetRow row(Principal principal, UploadTarget target, StoredFile file, UploadForm form) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> fields = form.fields();
    NulCharacters.refuseInFields("body", fields);
    String rawName = fields.get("name");
    if (rawName == null || rawName.isEmpty()) {
      rawName = form.filename();
    }
    String name = null;
    try {
      name = Names.normalize(rawName == null ? "" : rawName);
    } catch (Names.InvalidName e) {
      problems.add(
          Problem.of(
              "body", fields.containsKey("name") ? "name" : "file", e.getMessage(), "value_error"));
    }
    String description = fields.get("description");
    if (description != null
        && description.codePointCount(0, description.length()) > Fields.MAX_DESCRIPTION) {
      problems.add(
          Problem.of(
              "body",
              "description",
              "String should have at most " + Fields.MAX_DESCRIPTION + " characters",
              "string_too_long"));
    }
    List<String> tags = List.of();
    String rawTags = fields.get("tags");
    if (rawTags != null && !rawTags.isEmpty()) {
      JsonNode n = json(rawTags, "tags", problems);
      if (n != null) {
        List<String> t = Fields.stringList(n, List.of("body", "tags"), problems);
        tags = t == null ? List.of() : t;
      }
    }
    String metadataJson = "{}";
    String rawMetadata = fields.get("metadata");
    if (rawMetadata != null && !rawMetadata.isEmpty()) {
      JsonNode n = json(rawMetadata, "metadata", problems);
      if (n != null && !n.isObject()) {
        problems.add(
            Problem.of("body", "metadata", "Input should be a valid dictionary", "dict_type"));
      } else if (n != null) {
        String m = Fields.metadataJson(n, List.of("body", "metadata"), problems);
        metadataJson = m == null ? "{}" : m;
      }
    }
    byte[] repr = Digests.sha256(form.reprDigest(), "Repr-Digest");
    if (repr != null
        && !MessageDigest.isEqual(repr, HexFormat.of().parseHex(file.blob().sha256()))) {
      throw Digests.mismatch("Repr-Digest");
    }
    byte[] content = Digests.sha256(form.contentDigest(), "Content-Digest");
    if (content != null
        && (form.bodySha256() == null || !MessageDigest.isEqual(content, form.bodySha256()))) {
      throw Digests.mismatch("Content-Digest");
    }
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    long now = Times.nowMicros();
    StoredBlob b = file.blob();
    return new AssetRow(
        Ids.newId(),
        name,
        target.folderId(),
        ContentTypes.choose(form.partContentType(), file.head(), name),
        b.size(),
        b.sha256(),
        b.crc32(),
        b.key(),
        description,
        tags,
        metadataJson,
        now,
        now,
        principal.actor());
  }

  private static JsonNode json(String raw, String field, List<Problem> problems) {
    try {
      return Fields.parse(raw);
    } catch (IOException e) {
      problems.add(Problem.of("body", field, "Invalid JSON", "json_invalid"));
      return null;
    }
  }
}

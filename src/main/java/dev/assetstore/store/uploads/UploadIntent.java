package dev.assetstore.store.uploads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetstore.store.Fields;
import dev.assetstore.store.Names;
import dev.assetstore.store.NulCharacters;
import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the asset of a resumable upload will be, from its {@code Upload-Metadata} (tus) or query
 * (IETF): checked in full when the upload is created, before any byte is accepted, so that the
 * completion can only fail on what may change meanwhile (a name taken, a folder deleted).
 */
record UploadIntent(
    String name,
    String fileType,
    String folder,
    String description,
    String tags,
    String metadata,
    String onConflict) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<Object> LOC = List.of("header", "Upload-Metadata");

  /** Validates the decoded pairs; unknown keys (a client's own, e.g. relativePath) are ignored. */
  static UploadIntent parse(Map<String, String> pairs) {
    NulCharacters.refuseInFields("header", pairs);
    List<Problem> problems = new ArrayList<>();
    String rawName = nonEmpty(pairs.get("name"));
    if (rawName == null) {
      rawName = nonEmpty(pairs.get("filename"));
    }
    String name = null;
    if (rawName == null) {
      problems.add(problem("name", "Field required (name or filename)", "missing"));
    } else {
      try {
        name = Names.normalize(rawName);
      } catch (Names.InvalidName e) {
        problems.add(problem("name", e.getMessage(), "value_error"));
      }
    }
    String description = pairs.get("description");
    if (description != null
        && description.codePointCount(0, description.length()) > Fields.MAX_DESCRIPTION) {
      problems.add(
          problem(
              "description",
              "String should have at most " + Fields.MAX_DESCRIPTION + " characters",
              "string_too_long"));
    }
    String tags = nonEmpty(pairs.get("tags"));
    if (tags != null) {
      JsonNode n = json(tags, "tags", problems);
      if (n != null) {
        Fields.stringList(n, loc("tags"), problems);
      }
    }
    String metadata = nonEmpty(pairs.get("metadata"));
    if (metadata != null) {
      JsonNode n = json(metadata, "metadata", problems);
      if (n != null && !n.isObject()) {
        problems.add(problem("metadata", "Input should be a valid dictionary", "dict_type"));
      } else if (n != null) {
        Fields.metadataJson(n, loc("metadata"), problems);
      }
    }
    String onConflict = nonEmpty(pairs.get("on_conflict"));
    if (onConflict != null && !onConflict.equals("rename") && !onConflict.equals("error")) {
      problems.add(problem("on_conflict", "Input should be 'rename' or 'error'", "literal_error"));
    }
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    return new UploadIntent(
        name,
        nonEmpty(pairs.get("filetype")),
        nonEmpty(pairs.get("folder")),
        description,
        tags,
        metadata,
        onConflict == null ? "rename" : onConflict);
  }

  /** The form fields {@code AssetService.commitUpload} reads, as a multipart upload has them. */
  Map<String, String> formFields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("name", name);
    if (description != null) {
      m.put("description", description);
    }
    if (tags != null) {
      m.put("tags", tags);
    }
    if (metadata != null) {
      m.put("metadata", metadata);
    }
    return m;
  }

  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", name);
    o.put("filetype", fileType);
    o.put("folder", folder);
    o.put("description", description);
    o.put("tags", tags);
    o.put("metadata", metadata);
    o.put("on_conflict", onConflict);
    return o.toString();
  }

  static UploadIntent fromJson(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      return new UploadIntent(
          text(o, "name"),
          text(o, "filetype"),
          text(o, "folder"),
          text(o, "description"),
          text(o, "tags"),
          text(o, "metadata"),
          text(o, "on_conflict"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable upload metadata", e);
    }
  }

  private static String text(JsonNode o, String k) {
    JsonNode v = o.get(k);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static List<Object> loc(String key) {
    List<Object> l = new ArrayList<>(LOC);
    l.add(key);
    return l;
  }

  private static Problem problem(String key, String msg, String type) {
    return new Problem(loc(key), msg, type);
  }

  private static JsonNode json(String raw, String key, List<Problem> problems) {
    try {
      return Fields.parse(raw);
    } catch (IOException e) {
      problems.add(problem(key, "Invalid JSON", "json_invalid"));
      return null;
    }
  }
}

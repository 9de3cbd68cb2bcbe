package dev.assetstore.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.assetstore.db.Actor;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.store.Times;
import dev.assetstore.store.assets.AssetRecord;
import dev.assetstore.store.auth.ActorView;
import java.io.IOException;
import java.io.StringWriter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AssetRead (API.md), written field by field to the generator: a list page holds fifty, and
 * building a map per record (and one per hydrated folder) for Jackson to walk again cost about a
 * quarter of the page's CPU. {@code folder}, when hydrated, is the nested FolderRead of {@link
 * Views#folder(FolderRow)}: its own references stay IDs.
 */
final class AssetJson implements JsonSerializable {
  private final AssetRecord rec;
  private final boolean hydrate;

  AssetJson(AssetRecord rec, boolean hydrate) {
    this.rec = rec;
    this.hydrate = hydrate;
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider serializers) throws IOException {
    AssetRow a = rec.row();
    g.writeStartObject();
    g.writeStringField("id", a.id());
    g.writeStringField("type", "asset");
    g.writeStringField("name", a.name());
    g.writeStringField("content_type", a.contentType());
    g.writeNumberField("size", a.size());
    g.writeStringField("sha256", a.sha256());
    g.writeNumberField("crc32", a.crc32());
    g.writeFieldName("folder");
    if (hydrate && rec.folder() != null) {
      folder(g, rec.folder());
    } else {
      g.writeString(a.folderId());
    }
    g.writeStringField("path", rec.path());
    g.writeStringField("description", a.description());
    g.writeArrayFieldStart("tags");
    for (String tag : a.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeFieldName("metadata");
    g.writeRawValue(String.valueOf(a.metadataJson()));
    g.writeStringField("created", Times.format(a.created()));
    g.writeStringField("updated", Times.format(a.updated()));
    g.writeFieldName("created_by");
    createdBy(g, a.createdBy(), rec.createdBy());
    g.writeStringField("url", "/api/store/asset/" + a.id());
    g.writeStringField("download_url", "/api/store/asset/download?id=" + a.id());
    g.writeEndObject();
  }

  @Override
  public void serializeWithType(
      JsonGenerator g, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
    serialize(g, serializers);
  }

  /**
   * The nested FolderRead of recently written folders, as JSON text. Keyed by the whole row, so a
   * renamed or moved folder (a different row) never finds its old text.
   */
  private static final ConcurrentHashMap<FolderRow, SerializedString> FOLDERS =
      new ConcurrentHashMap<>();

  private static final int MAX_FOLDERS = 4096;

  private static void folder(JsonGenerator g, FolderRow f) throws IOException {
    SerializedString json = FOLDERS.get(f);
    if (json == null) {
      StringWriter out = new StringWriter(512);
      try (JsonGenerator one = Json.MAPPER.getFactory().createGenerator(out)) {
        writeFolder(one, f);
      }
      json = new SerializedString(out.toString());
      if (FOLDERS.size() >= MAX_FOLDERS) {
        FOLDERS.clear();
      }
      FOLDERS.put(f, json);
    }
    g.writeRawValue(json);
  }

  private static void writeFolder(JsonGenerator g, FolderRow f) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", f.id());
    g.writeStringField("type", "folder");
    g.writeStringField("name", f.name());
    g.writeStringField("parent", f.parentId());
    g.writeStringField("path", f.path());
    g.writeStringField("description", f.description());
    g.writeStringField("created", Times.format(f.created()));
    g.writeStringField("updated", Times.format(f.updated()));
    g.writeStringField("created_by", f.createdBy() == null ? null : f.createdBy().id());
    g.writeStringField("url", "/api/store/folder/" + f.id());
    g.writeEndObject();
  }

  private void createdBy(JsonGenerator g, Actor actor, ActorView view) throws IOException {
    if (actor == null) {
      g.writeNull();
    } else if (!hydrate || view == null) {
      g.writeString(actor.id());
    } else {
      g.writeStartObject();
      g.writeStringField("id", view.id());
      g.writeStringField("type", view.type());
      g.writeStringField("name", view.name());
      g.writeEndObject();
    }
  }
}

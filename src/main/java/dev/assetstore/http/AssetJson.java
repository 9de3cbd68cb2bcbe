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
  // Field names and fixed values pre-encoded once: Jackson escapes a plain String on every write.
  // ("folder" is both a field name and the folder's type.)
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString CONTENT_TYPE = new SerializedString("content_type");
  private static final SerializedString SIZE = new SerializedString("size");
  private static final SerializedString SHA256 = new SerializedString("sha256");
  private static final SerializedString CRC32 = new SerializedString("crc32");
  private static final SerializedString FOLDER = new SerializedString("folder");
  private static final SerializedString PATH = new SerializedString("path");
  private static final SerializedString DESCRIPTION = new SerializedString("description");
  private static final SerializedString TAGS = new SerializedString("tags");
  private static final SerializedString METADATA = new SerializedString("metadata");
  private static final SerializedString CREATED = new SerializedString("created");
  private static final SerializedString UPDATED = new SerializedString("updated");
  private static final SerializedString CREATED_BY = new SerializedString("created_by");
  private static final SerializedString URL = new SerializedString("url");
  private static final SerializedString DOWNLOAD_URL = new SerializedString("download_url");
  private static final SerializedString PARENT = new SerializedString("parent");
  private static final SerializedString ASSET = new SerializedString("asset");

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
    string(g, ID, a.id());
    string(g, TYPE, ASSET);
    string(g, NAME, a.name());
    string(g, CONTENT_TYPE, a.contentType());
    number(g, SIZE, a.size());
    string(g, SHA256, a.sha256());
    number(g, CRC32, a.crc32());
    g.writeFieldName(FOLDER);
    if (hydrate && rec.folder() != null) {
      folder(g, rec.folder());
    } else {
      g.writeString(a.folderId());
    }
    string(g, PATH, rec.path());
    string(g, DESCRIPTION, a.description());
    g.writeFieldName(TAGS);
    g.writeStartArray();
    for (String tag : a.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeFieldName(METADATA);
    g.writeRawValue(String.valueOf(a.metadataJson()));
    string(g, CREATED, Times.format(a.created()));
    string(g, UPDATED, Times.format(a.updated()));
    g.writeFieldName(CREATED_BY);
    createdBy(g, a.createdBy(), rec.createdBy());
    string(g, URL, "/api/store/asset/" + a.id());
    string(g, DOWNLOAD_URL, "/api/store/asset/download?id=" + a.id());
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
    string(g, ID, f.id());
    string(g, TYPE, FOLDER);
    string(g, NAME, f.name());
    string(g, PARENT, f.parentId());
    string(g, PATH, f.path());
    string(g, DESCRIPTION, f.description());
    string(g, CREATED, Times.format(f.created()));
    string(g, UPDATED, Times.format(f.updated()));
    string(g, CREATED_BY, f.createdBy() == null ? null : f.createdBy().id());
    string(g, URL, "/api/store/folder/" + f.id());
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, SerializedString name, String value)
      throws IOException {
    g.writeFieldName(name);
    g.writeString(value);
  }

  private static void string(JsonGenerator g, SerializedString name, SerializedString value)
      throws IOException {
    g.writeFieldName(name);
    g.writeString(value);
  }

  private static void number(JsonGenerator g, SerializedString name, long value)
      throws IOException {
    g.writeFieldName(name);
    g.writeNumber(value);
  }

  private void createdBy(JsonGenerator g, Actor actor, ActorView view) throws IOException {
    if (actor == null) {
      g.writeNull();
    } else if (!hydrate || view == null) {
      g.writeString(actor.id());
    } else {
      g.writeStartObject();
      string(g, ID, view.id());
      string(g, TYPE, view.type());
      string(g, NAME, view.name());
      g.writeEndObject();
    }
  }
}

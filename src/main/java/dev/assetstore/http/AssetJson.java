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
  private static final SerializedString FOLDER_TYPE = new SerializedString("folder");

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
    g.writeFieldName(ID);
    g.writeString(a.id());
    g.writeFieldName(TYPE);
    g.writeString(ASSET);
    g.writeFieldName(NAME);
    g.writeString(a.name());
    g.writeFieldName(CONTENT_TYPE);
    g.writeString(a.contentType());
    g.writeFieldName(SIZE);
    g.writeNumber(a.size());
    g.writeFieldName(SHA256);
    g.writeString(a.sha256());
    g.writeFieldName(CRC32);
    g.writeNumber(a.crc32());
    g.writeFieldName(FOLDER);
    if (hydrate && rec.folder() != null) {
      folder(g, rec.folder());
    } else {
      g.writeString(a.folderId());
    }
    g.writeFieldName(PATH);
    g.writeString(rec.path());
    g.writeFieldName(DESCRIPTION);
    g.writeString(a.description());
    g.writeFieldName(TAGS);
    g.writeStartArray();
    for (String tag : a.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeFieldName(METADATA);
    g.writeRawValue(String.valueOf(a.metadataJson()));
    g.writeFieldName(CREATED);
    g.writeString(Times.format(a.created()));
    g.writeFieldName(UPDATED);
    g.writeString(Times.format(a.updated()));
    g.writeFieldName(CREATED_BY);
    createdBy(g, a.createdBy(), rec.createdBy());
    g.writeFieldName(URL);
    g.writeString("/api/store/asset/" + a.id());
    g.writeFieldName(DOWNLOAD_URL);
    g.writeString("/api/store/asset/download?id=" + a.id());
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
    g.writeFieldName(ID);
    g.writeString(f.id());
    g.writeFieldName(TYPE);
    g.writeString(FOLDER_TYPE);
    g.writeFieldName(NAME);
    g.writeString(f.name());
    g.writeFieldName(PARENT);
    g.writeString(f.parentId());
    g.writeFieldName(PATH);
    g.writeString(f.path());
    g.writeFieldName(DESCRIPTION);
    g.writeString(f.description());
    g.writeFieldName(CREATED);
    g.writeString(Times.format(f.created()));
    g.writeFieldName(UPDATED);
    g.writeString(Times.format(f.updated()));
    g.writeFieldName(CREATED_BY);
    g.writeString(f.createdBy() == null ? null : f.createdBy().id());
    g.writeFieldName(URL);
    g.writeString("/api/store/folder/" + f.id());
    g.writeEndObject();
  }

  private void createdBy(JsonGenerator g, Actor actor, ActorView view) throws IOException {
    if (actor == null) {
      g.writeNull();
    } else if (!hydrate || view == null) {
      g.writeString(actor.id());
    } else {
      g.writeStartObject();
      g.writeFieldName(ID);
      g.writeString(view.id());
      g.writeFieldName(TYPE);
      g.writeString(view.type());
      g.writeFieldName(NAME);
      g.writeString(view.name());
      g.writeEndObject();
    }
  }
}

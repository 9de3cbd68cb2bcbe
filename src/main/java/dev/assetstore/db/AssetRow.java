package dev.assetstore.db;

import java.util.List;

/** An asset as stored. Times are epoch microseconds; {@code folderId} null means the root. */
public record AssetRow(
    String id,
    String name,
    String folderId,
    String contentType,
    long size,
    String sha256,
    long crc32,
    String blobKey,
    String description,
    List<String> tags,
    String metadataJson,
    long created,
    long updated,
    Actor createdBy) {

  public AssetRow withMetadata(
      String name,
      String folderId,
      String description,
      List<String> tags,
      String metadataJson,
      long updated) {
    return new AssetRow(
        id,
        name,
        folderId,
        contentType,
        size,
        sha256,
        crc32,
        blobKey,
        description,
        tags,
        metadataJson,
        created,
        updated,
        createdBy);
  }
}

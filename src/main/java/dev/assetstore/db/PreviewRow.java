package dev.assetstore.db;

/** A stored preview: the derived blob made for one content and one set of parameters. */
public record PreviewRow(
    String sha256, String variant, String blobKey, long size, String contentType, long created) {}

package dev.assetstore.store.assets;

import java.util.Map;

/**
 * What the multipart request said besides the bytes: the part's filename and type, the other form
 * fields, the client's {@code Repr-Digest}, and the SHA-256 of the whole body when the client sent
 * {@code Content-Digest} (null otherwise).
 */
public record UploadForm(
    String filename,
    String partContentType,
    Map<String, String> fields,
    String reprDigest,
    String contentDigest,
    byte[] bodySha256) {}

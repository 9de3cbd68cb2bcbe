package dev.assetstore.store.previews;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of small stored previews, by blob key. A thumbnail is a few tens of kilobytes and the
 * same one is asked for again and again (a grid of files, a share page), so it is answered from
 * memory: no file open and sendfile on disk, no GET on S3. A blob key's bytes never change, so
 * nothing expires; an entry is only reached through a preview found in the database (or the one-
 * second memo), so a freed preview is never served from here. Bounded: at most {@link #MAX} bodies
 * of at most {@link #LIMIT} bytes (32 MiB), dropped all at once when full.
 */
final class PreviewBodies {
  static final int LIMIT = 64 * 1024;
  static final int MAX = 512;

  private final ConcurrentHashMap<String, byte[]> bodies = new ConcurrentHashMap<>();

  byte[] get(String blobKey) {
    return bodies.get(blobKey);
  }

  void put(String blobKey, byte[] body) {
    if (body.length > LIMIT) {
      return;
    }
    if (bodies.size() >= MAX) {
      bodies.clear();
    }
    bodies.put(blobKey, body);
  }
}

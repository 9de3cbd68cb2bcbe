package dev.assetstore.http;

import dev.assetstore.db.AssetRow;
import dev.assetstore.store.assets.Digests;
import dev.assetstore.store.assets.Download;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * The parts of a single-asset response that depend only on the asset, encoded once per resolved
 * {@link Download.Single} and kept in its memo slot: a download served from RecentAssets (the same
 * resolution for up to a second) then formats no date, hex or Base64 and copies no header string.
 */
final class EncodedAsset {
  final String etag;
  final long lastModifiedSeconds;
  final CharSequence etagHeader;
  final CharSequence lastModified;
  final CharSequence contentType;
  final CharSequence attachment;
  final CharSequence reprDigest;

  /** A small asset's bytes (RecentAssets), or null. */
  private final byte[] body;

  private EncodedAsset(AssetRow a, byte[] smallBody) {
    this.etag = "\"" + a.sha256() + "\"";
    this.lastModifiedSeconds = a.created() / 1_000_000;
    this.etagHeader = AsciiHeaders.of(etag);
    this.lastModified = AsciiHeaders.of(Downloads.httpDate(lastModifiedSeconds));
    this.contentType = AsciiHeaders.of(a.contentType());
    this.attachment = AsciiHeaders.of(Downloads.disposition(false, a.name()));
    this.reprDigest = AsciiHeaders.of(Digests.field(a.sha256()));
    this.body = smallBody;
  }

  static EncodedAsset of(Download.Single s) {
    Object memo = s.encoded().get();
    if (memo instanceof EncodedAsset e) {
      return e;
    }
    EncodedAsset e = new EncodedAsset(s.asset(), s.smallBody());
    s.encoded().compareAndSet(null, e);
    return e;
  }

  /**
   * Bytes {@code [offset, offset + length)} of the small body, wrapped, not copied: it is never
   * written to, and Netty's one copy into the socket's direct buffer is the only one.
   */
  Buffer body(int offset, int length) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(body, offset, length));
  }
}

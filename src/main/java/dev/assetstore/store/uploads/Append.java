package dev.assetstore.store.uploads;

import dev.assetstore.blob.ChunkedInput;
import dev.assetstore.blob.ResumableBlobs;
import dev.assetstore.blob.StoredBlob;
import dev.assetstore.db.UploadRow;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.assets.AssetRecord;
import dev.assetstore.store.assets.BlobWriteFailures;
import dev.assetstore.store.assets.ContentTypes;
import dev.assetstore.store.assets.StoredFile;
import dev.assetstore.store.assets.UploadForm;
import dev.assetstore.store.assets.UploadTarget;
import dev.assetstore.store.auth.Principal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One request's piece of a resumable upload, written by the lease holder. Bytes go to the blob
 * store's appender as they arrive, through the running SHA-256 and CRC-32; at every checkpoint the
 * appender makes them durable and the new offset is persisted with the digests' state at exactly
 * that offset, so a later request (on any node, after any crash) resumes without reading a byte
 * twice. A piece that stops early (the client went away, or another request asked for the upload)
 * keeps what arrived: it is checkpointed, and the request gets no success answer.
 */
public final class Append {
  private final UploadService svc;
  private final Principal principal;
  private final UploadRow row;
  private final String holder;
  private final Checksum checksum;
  private final MessageDigest pieceDigest;
  private volatile Runnable interrupt = () -> {};
  private volatile java.util.function.LongConsumer checkpoints = o -> {};
  private volatile boolean done;

  private RunningSha256 sha;
  private final CRC32 crc = new CRC32();
  private long offset;
  private long durable;
  private byte[] head;

  Append(UploadService svc, Principal principal, UploadRow row, String holder, Checksum checksum) {
    this.svc = svc;
    this.principal = principal;
    this.row = row;
    this.holder = holder;
    this.checksum = checksum;
    this.pieceDigest = checksum == null ? null : checksum.newDigest();
    this.offset = row.offset();
    this.durable = row.offset();
    this.head = row.head();
  }

  /** The request stopped early: it must not be answered with success. */
  public static final class Interrupted extends RuntimeException {
    public Interrupted(String why) {
      super(why, null, false, false);
    }
  }

  /** What a finished piece left: the new offset, and the asset once the upload is complete. */
  public record Outcome(long offset, long length, long expiresMicros, AssetRecord asset) {}

  public long offset() {
    return row.offset();
  }

  public long length() {
    return row.length();
  }

  /** How to end the request's body from outside (called at most once, from any thread). */
  public void onRelease(Runnable interrupt) {
    this.interrupt = interrupt;
  }

  /**
   * Told each durable offset reached while the piece is taken (on the appending thread; the
   * listener must not block), so a client can learn its progress before the answer.
   */
  public void onCheckpoint(java.util.function.LongConsumer listener) {
    this.checkpoints = listener;
  }

  /** Takes the piece from {@code in} and lets the lease go, whatever happens. */
  public Outcome run(ChunkedInput in) {
    if (row.assetId() != null) {
      return repeatCompletion(in);
    }
    Runnable stop = () -> interrupt.run();
    svc.leases.register(row.id(), stop);
    svc.leases.watch(row.id(), holder, stop, () -> done);
    ResumableBlobs.Appender app = null;
    boolean completed = false;
    try {
      try {
        app = svc.blobs.appender(row.blobKey(), row.offset(), row.backendState());
      } catch (IOException e) {
        throw storageFailure(e);
      }
      sha = RunningSha256.restore(row.shaState());
      Outcome o = take(in, app);
      completed = o.asset() != null;
      return o;
    } finally {
      // Not interrupted: an interrupt mid-query closes the JDBC connection under it. It sees
      // done within a poll.
      done = true;
      svc.leases.unregister(row.id(), stop);
      if (app != null) {
        app.close();
      }
      if (!completed) {
        svc.leases.release(row.id(), holder);
      }
    }
  }

  /** An empty piece at the end of a completed upload: answered as its completion was. */
  private Outcome repeatCompletion(ChunkedInput in) {
    try {
      ByteBuffer c;
      while ((c = in.nextChunk()) != null) {
        if (c.hasRemaining()) {
          throw UploadService.offsetConflict(row);
        }
      }
    } catch (IOException e) {
      throw new Interrupted(e.toString());
    }
    return new Outcome(row.length(), row.length(), row.expires(), svc.assets.get(row.assetId()));
  }

  private Outcome take(ChunkedInput in, ResumableBlobs.Appender app) {
    byte[] buf = new byte[64 * 1024];
    IOException cut = null;
    boolean over = false;
    read:
    while (true) {
      ByteBuffer c;
      try {
        c = in.nextChunk();
      } catch (IOException e) {
        cut = e;
        break;
      }
      if (c == null) {
        break;
      }
      if (offset + c.remaining() > row.length()) {
        over = true;
        break;
      }
      while (c.hasRemaining()) {
        int n = (int) Math.min(Math.min(c.remaining(), buf.length), app.room());
        c.get(buf, 0, n);
        try {
          app.write(ByteBuffer.wrap(buf, 0, n));
        } catch (IOException e) {
          keepWhatArrived(app);
          throw storageFailure(e);
        }
        sha.update(buf, 0, n);
        crc.update(buf, 0, n);
        if (pieceDigest != null) {
          pieceDigest.update(buf, 0, n);
        }
        if (head.length < ContentTypes.HEAD_BYTES) {
          int k = (int) Math.min(n, ContentTypes.HEAD_BYTES - head.length);
          byte[] h = Arrays.copyOf(head, head.length + k);
          System.arraycopy(buf, 0, h, head.length, k);
          head = h;
        }
        offset += n;
        if (app.room() == 0) {
          try {
            checkpoint(app, checksum == null);
          } catch (IOException e) {
            throw storageFailure(e);
          }
        }
        if (done) {
          break read;
        }
      }
    }
    if (cut != null || done) {
      // A piece with a checksum is all or nothing (the checksum extension): it is dropped.
      if (checksum == null) {
        keepWhatArrived(app);
      }
      throw new Interrupted(cut != null ? cut.toString() : "released to a newer request");
    }
    if (over) {
      throw new ApiError(
          413,
          "The piece goes past the upload's length of " + row.length() + " bytes",
          Map.of("Upload-Offset", Long.toString(durable)));
    }
    if (checksum != null && !MessageDigest.isEqual(pieceDigest.digest(), checksum.expected())) {
      throw new ApiError(
          460,
          "Upload-Checksum does not match the piece; it was discarded",
          Map.of("Upload-Offset", Long.toString(durable)));
    }
    try {
      if (offset > durable || (offset == 0 && durable == 0)) {
        checkpoint(app, true);
      }
      if (offset == row.length()) {
        return complete(app);
      }
    } catch (IOException e) {
      throw storageFailure(e);
    }
    return new Outcome(offset, row.length(), expires(), null);
  }

  private long expires() {
    return svc.settings.expiresFrom(svc.settings.nowMicros());
  }

  private void checkpoint(ResumableBlobs.Appender app, boolean persist) throws IOException {
    String state = app.sync();
    if (!persist) {
      return;
    }
    long crcNow = Crc32Combine.combine(row.crc32(), crc.getValue(), offset - row.offset());
    UploadRow.Progress p =
        new UploadRow.Progress(offset, state, sha.state(), crcNow, head, expires());
    if (!svc.store.saveProgress(row.id(), holder, p)) {
      done = true;
      throw new Interrupted("lease lost");
    }
    durable = offset;
    checkpoints.accept(offset);
  }

  /** After a cut or a storage failure: make durable what was written, if the storage lets us. */
  private void keepWhatArrived(ResumableBlobs.Appender app) {
    if (offset > durable) {
      try {
        checkpoint(app, true);
      } catch (IOException | RuntimeException e) {
        // The offset stays at the last checkpoint: still the truth.
      }
    }
  }

  private Outcome complete(ResumableBlobs.Appender app) throws IOException {
    app.finish();
    byte[] digest = sha.finish();
    long crcAll = Crc32Combine.combine(row.crc32(), crc.getValue(), offset - row.offset());
    StoredBlob blob =
        new StoredBlob(row.blobKey(), row.length(), HexFormat.of().formatHex(digest), crcAll);
    UploadIntent intent = UploadIntent.fromJson(row.metadataJson());
    UploadTarget target = new UploadTarget(intent.folder(), !"error".equals(intent.onConflict()));
    UploadForm form =
        new UploadForm(
            intent.name(), intent.fileType(), new HashMap<>(intent.formFields()), null, null, null);
    AssetRecord rec;
    try {
      rec = svc.assets.commitUpload(principal, target, new StoredFile(blob, head), form);
    } catch (ApiError | ValidationError e) {
      // commitUpload removed the bytes: the upload cannot complete any more.
      svc.store.deleteUpload(row.id());
      throw e;
    }
    long expires = expires();
    svc.store.completeUpload(row.id(), rec.row().id(), expires);
    return new Outcome(offset, row.length(), expires, rec);
  }

  private ApiError storageFailure(IOException e) {
    ApiError base = BlobWriteFailures.of(e);
    Map<String, String> headers = new HashMap<>(base.headers());
    headers.put("Upload-Offset", Long.toString(durable));
    String detail =
        base.status() == 507
            ? "The server has no storage space left for this piece; the upload keeps "
                + durable
                + " bytes"
            : "The storage failed while writing this piece; the upload keeps "
                + durable
                + " bytes; try again shortly";
    return new ApiError(base.status(), detail, headers);
  }
}

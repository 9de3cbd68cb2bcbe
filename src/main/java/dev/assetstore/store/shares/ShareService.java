package dev.assetstore.store.shares;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.db.Actor;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.ShareRow;
import dev.assetstore.db.Slice;
import dev.assetstore.mail.MailException;
import dev.assetstore.mail.Mailer;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Times;
import dev.assetstore.store.assets.AssetRecord;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.auth.ActorView;
import dev.assetstore.store.auth.Creators;
import dev.assetstore.store.auth.Passwords;
import dev.assetstore.store.auth.Principal;
import dev.assetstore.store.folders.FolderRecord;
import dev.assetstore.store.folders.FolderService;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.FilterTable;
import dev.assetstore.store.listing.ListParams;
import dev.assetstore.store.listing.ListRequest;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.listing.Pages;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The Shares API (API.md §8): the owner's operations. Redeeming a link is {@link #redemptions()},
 * what a recipient does with the token is {@link #recipients()}. Blocking.
 */
public final class ShareService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MetadataStore store;
  private final AssetService assets;
  private final FolderService folders;
  private final Cursors cursors;
  private final Creators creators;
  private final String publicBase;
  private final Mailer mailer;
  private final ShareRedemptions redemptions;
  private final RecipientAccess recipients;

  public ShareService(
      MetadataStore store,
      AssetService assets,
      FolderService folders,
      Cursors cursors,
      Creators creators,
      AccessTokens tokens,
      String publicBase,
      Mailer mailer) {
    this.store = store;
    this.assets = assets;
    this.folders = folders;
    this.cursors = cursors;
    this.creators = creators;
    this.mailer = mailer;
    this.publicBase =
        publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    this.redemptions = new ShareRedemptions(store, tokens);
    this.recipients = new RecipientAccess(store, assets, folders, cursors, tokens);
  }

  /** Redeeming a link for a share access token ({@code get_access}). */
  public ShareRedemptions redemptions() {
    return redemptions;
  }

  /** What a share access token allows: browsing and downloading the shared content. */
  public RecipientAccess recipients() {
    return recipients;
  }

  // ---- owner API

  public ShareRecord create(Principal principal, JsonNode body) {
    ShareWrite w = ShareWrite.parse(body, true, true);
    String targetType = w.asset() != null ? "asset" : "folder";
    if (w.asset() != null) {
      assets.get(w.asset());
    } else {
      folders.row(w.folder());
    }
    long now = Times.nowMicros();
    ShareRow row =
        new ShareRow(
            Ids.newId(),
            w.name(),
            newToken(),
            targetType,
            w.asset(),
            w.folder(),
            w.expires(),
            w.password() == null ? null : Passwords.hash(w.password()),
            w.recipients(),
            w.maxDownloads(),
            w.message(),
            0,
            0,
            0,
            null,
            0,
            null,
            0,
            now,
            now,
            principal.actor());
    store.insertShare(row);
    return records(List.of(row)).getFirst();
  }

  public Page<ShareRecord> list(Map<String, List<String>> params) {
    ListRequest req = ListParams.parse(params, FilterTable.SHARES, cursors);
    Slice<ShareRow> slice = store.listShares(req.query());
    return Pages.of(
        req,
        slice,
        records(slice.items()),
        (r, f) -> "updated".equals(f) ? r.updated() : r.created(),
        ShareRow::id,
        cursors);
  }

  public ShareRecord get(String id) {
    return records(List.of(row(id))).getFirst();
  }

  public List<ShareRecord> ofAsset(String assetId) {
    assets.get(assetId);
    return records(store.sharesOfAsset(assetId));
  }

  public List<ShareRecord> ofFolder(String folderId) {
    folders.row(folderId);
    return records(store.sharesOfFolder(folderId));
  }

  public ShareRecord replace(String id, JsonNode body) {
    return change(id, ShareWrite.parse(body, false, true));
  }

  public ShareRecord patch(String id, JsonNode body) {
    return change(id, ShareWrite.parse(body, false, false));
  }

  private ShareRecord change(String id, ShareWrite w) {
    ShareRow cur = row(id);
    String hash =
        w.setPassword()
            ? (w.password() == null ? null : Passwords.hash(w.password()))
            : cur.passwordHash();
    List<String> recipients = w.setRecipients() ? w.recipients() : cur.recipients();
    boolean revoke = w.setPassword() || !recipients.containsAll(cur.recipients());
    ShareRow next =
        new ShareRow(
            cur.id(),
            w.setName() ? w.name() : cur.name(),
            cur.token(),
            cur.targetType(),
            cur.assetId(),
            cur.folderId(),
            w.setExpires() ? w.expires() : cur.expires(),
            hash,
            recipients,
            w.setMaxDownloads() ? w.maxDownloads() : cur.maxDownloads(),
            w.setMessage() ? w.message() : cur.message(),
            cur.views(),
            cur.downloads(),
            cur.failedAttempts(),
            cur.lastAccessed(),
            revoke ? cur.epoch() + 1 : cur.epoch(),
            cur.throttleStart(),
            cur.throttleFailures(),
            cur.created(),
            Times.nowMicros(),
            cur.createdBy());
    if (!store.updateShare(next)) {
      throw ApiError.notFound("Share");
    }
    return get(id);
  }

  public void delete(String id) {
    if (!Ids.isValid(id) || !store.deleteShare(id)) {
      throw ApiError.notFound("Share");
    }
  }

  /** The share's content as its owner sees it. */
  public Download ownerDownload(String id) {
    ShareRow r = row(id);
    return "asset".equals(r.targetType())
        ? assets.download(List.of(r.assetId()))
        : folders.archive(r.folderId());
  }

  /**
   * Sends the link to each address and adds the addresses to {@code recipients}. 503 without a mail
   * server (nothing to retry); 503 with Retry-After when the server refuses or is down — then only
   * the addresses already sent to are added.
   */
  public ShareRecord email(String id, JsonNode json) {
    JsonBody body = new JsonBody(json);
    List<String> to = ShareWrite.recipients(json.get("recipients"), body);
    if (to == null && !body.has("recipients")) {
      body.problem("recipients", "Field required", "missing");
    } else if (to != null && to.isEmpty()) {
      body.problem("recipients", "List should have at least 1 item", "too_short");
    }
    String note = body.string("message", false, dev.assetstore.store.Fields.MAX_DESCRIPTION);
    body.validate();
    ShareRow r = row(id);
    if (!mailer.isConfigured()) {
      throw new ApiError(503, "Email is not configured: set ASSET_STORE_SMTP_URL");
    }
    String subject =
        "A " + r.targetType() + " was shared with you" + (r.name() == null ? "" : ": " + r.name());
    String text =
        (note != null ? note + "\n\n" : r.message() != null ? r.message() + "\n\n" : "")
            + "Open it here: "
            + accessUrl(r)
            + "\n"
            + (r.passwordHash() != null
                ? "\nThe link is protected by a password the sender will give you.\n"
                : "")
            + (r.expires() != null
                ? "\nThe link works until " + Times.format(r.expires()) + ".\n"
                : "");
    List<String> sent = new ArrayList<>();
    try {
      for (String address : to) {
        mailer.send(new Mailer.Message(address, subject, text));
        sent.add(address);
      }
    } catch (MailException | IllegalArgumentException e) {
      if (!sent.isEmpty()) {
        addRecipients(id, sent);
      }
      throw new ApiError(
          503,
          "The mail server did not accept the message; try again later",
          Map.of("Retry-After", "30"));
    }
    return addRecipients(id, sent);
  }

  /** Adds recipients (never revokes tokens: access only widens) and returns the record. */
  public ShareRecord addRecipients(String id, List<String> more) {
    ShareRow cur = row(id);
    LinkedHashSet<String> all = new LinkedHashSet<>(cur.recipients());
    all.addAll(more);
    ShareRow next =
        new ShareRow(
            cur.id(),
            cur.name(),
            cur.token(),
            cur.targetType(),
            cur.assetId(),
            cur.folderId(),
            cur.expires(),
            cur.passwordHash(),
            List.copyOf(all),
            cur.maxDownloads(),
            cur.message(),
            cur.views(),
            cur.downloads(),
            cur.failedAttempts(),
            cur.lastAccessed(),
            cur.epoch(),
            cur.throttleStart(),
            cur.throttleFailures(),
            cur.created(),
            Times.nowMicros(),
            cur.createdBy());
    store.updateShare(next);
    return get(id);
  }

  public ShareRow row(String id) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("Share");
    }
    return store.share(id).orElseThrow(() -> ApiError.notFound("Share"));
  }

  /** Opens a slice of a blob of this store (for downloads). */
  public java.io.InputStream open(String blobKey, long offset, long length) {
    return assets.open(blobKey, offset, length);
  }

  public String accessUrl(ShareRow r) {
    return publicBase + "/s/" + r.token();
  }

  private List<ShareRecord> records(List<ShareRow> rows) {
    List<AssetRow> assetRows =
        store.assets(rows.stream().map(ShareRow::assetId).filter(Objects::nonNull).toList());
    Map<String, AssetRecord> assetRecords =
        assets.records(assetRows, false).stream()
            .collect(Collectors.toMap(a -> a.row().id(), a -> a));
    List<FolderRow> folderRows =
        store.folders(rows.stream().map(ShareRow::folderId).filter(Objects::nonNull).toList());
    Map<String, FolderRecord> folderRecords =
        folders.records(folderRows).stream().collect(Collectors.toMap(f -> f.row().id(), f -> f));
    Map<Actor, ActorView> actors =
        creators.resolve(rows.stream().map(ShareRow::createdBy).toList());
    List<ShareRecord> out = new ArrayList<>(rows.size());
    for (ShareRow r : rows) {
      out.add(
          new ShareRecord(
              r,
              r.assetId() == null ? null : assetRecords.get(r.assetId()),
              r.folderId() == null ? null : folderRecords.get(r.folderId()),
              r.createdBy() == null ? null : actors.get(r.createdBy()),
              accessUrl(r)));
    }
    return out;
  }

  private static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}

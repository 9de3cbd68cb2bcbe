package dev.assetstore.store.shares;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.db.Actor;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FieldType;
import dev.assetstore.db.Filter;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.Op;
import dev.assetstore.db.ShareRow;
import dev.assetstore.db.ShareStore;
import dev.assetstore.db.Slice;
import dev.assetstore.mail.MailException;
import dev.assetstore.mail.Mailer;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.JsonBody;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
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
import dev.assetstore.store.listing.QueryValues;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Shares API (API.md §8): owner operations, redemption and recipient access. Blocking. */
public final class ShareService {
  public static final int MAX_FAILURES = 5;
  public static final long WINDOW_MICROS = 15L * 60 * 1_000_000;
  public static final long TOKEN_TTL_MICROS = 60L * 60 * 1_000_000;
  private static final long SLOT_TTL_MICROS = 6L * 60 * 60 * 1_000_000;
  private static final long SLOT_WAIT_NANOS = 2_000_000_000L;
  private static final long SLOT_POLL_MILLIS = 50;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MetadataStore store;
  private final AssetService assets;
  private final FolderService folders;
  private final Cursors cursors;
  private final Creators creators;
  private final AccessTokens tokens;
  private final String publicBase;
  private final Mailer mailer;

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
    this.tokens = tokens;
    this.mailer = mailer;
    this.publicBase =
        publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
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

  // ---- redemption

  public Redemption redeem(JsonNode json) {
    JsonBody body = new JsonBody(json);
    String token = body.string("token", true, 512);
    String password = body.string("password", false, 1024);
    String email = body.string("email", false, 320);
    body.validate();
    ShareRow found = store.shareByToken(token).orElseThrow(() -> ApiError.notFound("Share"));
    long now = Times.nowMicros();
    // A request that can fail as a guess takes its place in the share's throttle window before it
    // is checked, in one atomic step of the store: parallel guesses, on any number of nodes,
    // cannot get more than MAX_FAILURES checks into a window.
    boolean guess =
        (found.passwordHash() != null && password != null)
            || (!found.recipients().isEmpty() && email != null);
    ShareRow r = found;
    if (guess) {
      ShareStore.Guess g =
          store
              .reserveGuess(found.id(), now, WINDOW_MICROS, MAX_FAILURES)
              .orElseThrow(() -> ApiError.notFound("Share"));
      r = g.share();
      if (!g.allowed()) {
        store.recordFailure(r.id());
        throw tooMany(r, now);
      }
    } else if (throttled(r, now)) {
      store.recordFailure(r.id());
      throw tooMany(r, now);
    }
    Refusal no = check(r, now, password, email);
    if (guess && (no == null || !no.failedGuess())) {
      store.releaseGuess(r.id(), r.throttleStart());
    }
    if (no != null) {
      store.recordFailure(r.id());
      throw no.error();
    }
    store.recordView(r.id(), now);
    long exp = now + TOKEN_TTL_MICROS;
    if (r.expires() != null) {
      exp = Math.min(exp, r.expires());
    }
    return new Redemption(tokens.issue(r, exp), (exp - now) / 1_000_000, access(r));
  }

  /** Why a redemption is refused; a failed guess keeps its place in the throttle window. */
  private record Refusal(ApiError error, boolean failedGuess) {}

  /** Every refusal of a redemption, or null when the request may have the share. */
  private static Refusal check(ShareRow r, long now, String password, String email) {
    if (r.expires() != null && r.expires() <= now) {
      return new Refusal(new ApiError(410, "This share has expired"), false);
    }
    if (r.maxDownloads() != null && r.downloads() >= r.maxDownloads()) {
      return new Refusal(new ApiError(410, "This share's downloads are used up"), false);
    }
    if (r.passwordHash() != null) {
      boolean ok = password != null && Passwords.verify(password, r.passwordHash());
      if (!ok) {
        // No password at all is how the share page learns what to ask for: it is a refusal
        // (counted in failed_attempts) but not a guess, so it does not feed the throttle.
        return new Refusal(
            new ApiError(
                401,
                password == null ? "This share needs a password" : "Wrong password",
                Map.of("WWW-Authenticate", "SharePassword")),
            password != null);
      }
    }
    if (!r.recipients().isEmpty()) {
      String e = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
      if (e == null || !listed(r.recipients(), e)) {
        return new Refusal(
            new ApiError(403, "This share is for named recipients; give your email address"),
            e != null);
      }
    }
    return null;
  }

  /**
   * Whether {@code email} is among the recipients, comparing fixed-length digests of every entry
   * without an early exit, so the time taken does not tell how much of an address matched.
   */
  private static boolean listed(List<String> recipients, String email) {
    byte[] wanted = sha256(email);
    boolean found = false;
    for (String r : recipients) {
      found |= java.security.MessageDigest.isEqual(wanted, sha256(r));
    }
    return found;
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean throttled(ShareRow r, long now) {
    return r.throttleStart() != null
        && now - r.throttleStart() < WINDOW_MICROS
        && r.throttleFailures() >= MAX_FAILURES;
  }

  private static ApiError tooMany(ShareRow r, long now) {
    long wait = Math.max(1, (r.throttleStart() + WINDOW_MICROS - now + 999_999) / 1_000_000);
    return new ApiError(
        429,
        "Too many failed attempts on this share; try again later",
        Map.of("Retry-After", Long.toString(wait)));
  }

  private ShareAccess access(ShareRow r) {
    if ("asset".equals(r.targetType())) {
      return new ShareAccess(
          r, store.asset(r.assetId()).orElseThrow(() -> ApiError.notFound("Share")), null);
    }
    return new ShareAccess(
        r, null, store.folder(r.folderId()).orElseThrow(() -> ApiError.notFound("Share")));
  }

  // ---- recipient access

  /** Verifies a share access token against the live share: 401 when dead, 410 when used up. */
  public ShareAccess authorize(String token) {
    AccessTokens.Claims c = tokens.verify(token);
    long now = Times.nowMicros();
    ApiError dead =
        new ApiError(
            401,
            "Invalid or expired share access token",
            Map.of("WWW-Authenticate", "Bearer realm=\"share\""));
    if (c == null) {
      throw dead;
    }
    ShareRow r = store.share(c.shareId()).orElseThrow(() -> dead);
    if (r.epoch() != c.epoch() || !Objects.equals(r.targetId(), c.targetId())) {
      throw dead;
    }
    // The share's own state first: a token clipped to the share's expiry says 410, not 401.
    if (r.expires() != null && r.expires() <= now) {
      throw new ApiError(410, "This share has expired");
    }
    if (r.maxDownloads() != null && r.downloads() >= r.maxDownloads()) {
      throw new ApiError(410, "This share's downloads are used up");
    }
    if (c.expires() <= now) {
      throw dead;
    }
    return access(r);
  }

  /** A cursor page of what lies directly in a folder of the share: folders first, then assets. */
  public Page<Object> items(ShareAccess a, Map<String, List<String>> params) {
    List<Problem> problems = new ArrayList<>();
    int limit = QueryValues.integer(params, "limit", 50, 1, 250, problems);
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    String folderId = QueryValues.last(params, "folder");
    if (a.root() == null) {
      // An asset share holds no folder: any folder asked for lies outside it.
      if (folderId != null) {
        throw ApiError.notFound("Folder");
      }
      ListedAsset only = new ListedAsset(a.asset(), "/" + a.asset().name());
      return new Page<>(List.of(only), null, false, limit, 1, false);
    }
    FolderRow folder = folderId == null ? a.root() : inside(a, folderId);
    String scope = Cursors.hash("items:" + folder.id());
    String phase = "folders";
    ListQuery.Keyset after = null;
    String cursor = QueryValues.last(params, "cursor");
    if (cursor != null && !cursor.isEmpty()) {
      Cursors.Position p = cursors.decode(cursor);
      if (p == null || !p.filterHash().equals(scope)) {
        throw ValidationError.of("query", "cursor", "Invalid cursor", "cursor_invalid");
      }
      phase = p.sortBy();
      after = p.keyset();
    }
    List<Object> items = new ArrayList<>();
    String next = null;
    long total =
        store.listFolders(children("parent", folder.id(), null, 1, true)).total()
            + store.listAssets(children("folder", folder.id(), null, 1, true)).total();
    if (phase.equals("folders")) {
      Slice<FolderRow> fs = store.listFolders(children("parent", folder.id(), after, limit, false));
      items.addAll(fs.items());
      if (fs.more()) {
        FolderRow last = fs.items().getLast();
        next = encode("folders", scope, last.name(), last.id());
      } else {
        phase = "assets";
        after = null;
      }
    }
    if (phase.equals("assets") && next == null && items.size() < limit) {
      Slice<AssetRow> as =
          store.listAssets(children("folder", folder.id(), after, limit - items.size(), false));
      for (AssetRow row : as.items()) {
        items.add(new ListedAsset(row, folder.path() + "/" + row.name()));
      }
      if (as.more()) {
        AssetRow last = as.items().getLast();
        next = encode("assets", scope, last.name(), last.id());
      }
    } else if (phase.equals("assets")
        && next == null
        && !store.listAssets(children("folder", folder.id(), null, 1, false)).items().isEmpty()) {
      next = encode("assets", scope, "", "");
    }
    return new Page<>(items, next, next != null, limit, total, false);
  }

  private String encode(String phase, String scope, String name, String id) {
    return cursors.encode(
        new Cursors.Position(phase, false, scope, new ListQuery.Keyset(name, id)));
  }

  private static ListQuery children(
      String field, String folderId, ListQuery.Keyset after, int limit, boolean count) {
    Filter f = new Filter(field, FieldType.ID, Op.EQ, List.of(folderId));
    return new ListQuery(List.of(f), null, "name", false, after, limit, count);
  }

  private FolderRow inside(ShareAccess a, String folderId) {
    if (!Ids.isValid(folderId)) {
      throw ApiError.notFound("Folder");
    }
    return store
        .folder(folderId)
        .filter(a::contains)
        .orElseThrow(() -> ApiError.notFound("Folder"));
  }

  /** Downloads assets of the share; any id outside it is 404, exactly like a missing one. */
  public Download download(ShareAccess a, List<String> rawIds) {
    if (rawIds != null) {
      for (String id : new LinkedHashSet<>(rawIds)) {
        if (!insideAsset(a, id)) {
          throw ApiError.notFound("Asset");
        }
      }
    }
    return assets.download(rawIds);
  }

  private boolean insideAsset(ShareAccess a, String id) {
    if (!Ids.isValid(id)) {
      return false;
    }
    if (a.asset() != null) {
      return a.asset().id().equals(id);
    }
    Optional<AssetRow> row = store.asset(id);
    if (row.isEmpty() || row.get().folderId() == null) {
      return false;
    }
    return store.folder(row.get().folderId()).map(a::contains).orElse(false);
  }

  public Download folderDownload(ShareAccess a, String folderId) {
    return folders.archive(inside(a, folderId));
  }

  /**
   * Before a recipient's download: for shares with {@code max_downloads} a slot is taken atomically
   * (410 when none is left). Returns the slot id, or null when no slot is needed.
   *
   * <p>While the downloads are not used up but every slot is held, it waits up to {@link
   * #SLOT_WAIT_NANOS} for one: the holder may be a transfer that is just ending — a Range fragment,
   * or an aborted download the server has not yet seen closed (a client that cancels and retries at
   * once) — and its slot comes back within milliseconds. A transfer that really is in flight either
   * completes (then it is 410) or fails (then this one gets its slot).
   */
  public String beginDownload(ShareAccess a) {
    if (a.share().maxDownloads() == null) {
      return null;
    }
    String slot = Ids.newId();
    long deadline = System.nanoTime() + SLOT_WAIT_NANOS;
    while (!store.takeDownloadSlot(a.share().id(), slot, Times.nowMicros(), SLOT_TTL_MICROS)) {
      boolean usedUp =
          store
              .share(a.share().id())
              .map(r -> r.maxDownloads() != null && r.downloads() >= r.maxDownloads())
              .orElse(true);
      if (usedUp || System.nanoTime() > deadline) {
        throw new ApiError(410, "This share's downloads are used up");
      }
      try {
        Thread.sleep(SLOT_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(410, "This share's downloads are used up");
      }
    }
    return slot;
  }

  /** After the transfer: counts it only if it completed. */
  public void finishDownload(ShareAccess a, String slot, boolean completed) {
    if (slot == null && !completed) {
      return;
    }
    store.finishDownload(a.share().id(), slot, completed, Times.nowMicros());
  }
}

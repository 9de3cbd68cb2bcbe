package dev.assetstore.db;

import static dev.assetstore.db.Rows.asset;
import static dev.assetstore.db.Rows.folder;
import static dev.assetstore.db.Rows.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.db.AccountStore.Rotation;
import dev.assetstore.db.FolderStore.TreeException;
import dev.assetstore.db.FolderStore.TreeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MetadataStore} SPI, the same on every database: one subclass per backend. The race
 * tests open two stores on one database — two nodes — and check that what SQLite got from its
 * single writer (unique names, download limits, throttles, token rotation) holds across them.
 */
abstract class MetadataStoreContract {
  private static final int DEPTH = 20;

  private final StoreBackend backend;
  private final List<MetadataStore> opened = new ArrayList<>();
  private String url;

  /** The first node: most tests use only this one. */
  protected MetadataStore store;

  protected MetadataStoreContract(StoreBackend backend) {
    this.backend = backend;
  }

  @BeforeEach
  void openStore() {
    url = backend.freshUrl();
    store = node();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(MetadataStore::close);
    backend.drop(url);
  }

  /** Another node on the same database. */
  protected MetadataStore node() {
    MetadataStore s = backend.open(url);
    opened.add(s);
    return s;
  }

  // ---- assets

  @Test
  void assetRoundTripsEveryField() throws Exception {
    FolderRow f = store.insertFolder(folder("F", null), DEPTH);
    AssetRow a =
        asset(
            "r\u00e9sum\u00e9 \u65e5\u672c.pdf", f.id(), "application/pdf", 42, List.of("x", "y"));
    store.insertAsset(a);

    assertThat(store.asset(a.id())).contains(a);
    assertThat(store.assets(List.of(a.id(), Rows.id()))).containsExactly(a);
    assertThat(store.assetByName(f.id(), a.name())).contains(a);
    assertThat(store.assetNameTaken(f.id(), a.name())).isTrue();
    assertThat(store.assetNameTaken(null, a.name())).isFalse();

    AssetRow moved = a.withMetadata("new.pdf", null, "d2", List.of("z"), "{}", Rows.tick());
    assertThat(store.updateAsset(moved)).isTrue();
    assertThat(store.asset(a.id())).contains(moved);
    assertThat(store.referencedBlobKeys(List.of(a.blobKey(), "other")))
        .containsExactly(a.blobKey());

    assertThat(store.deleteAsset(a.id())).contains(moved);
    assertThat(store.deleteAsset(a.id())).isEmpty();
    assertThat(store.asset(a.id())).isEmpty();
    assertThat(store.updateAsset(moved)).isFalse();
  }

  @Test
  void assetNamesAreUniquePerFolderExactly() throws Exception {
    FolderRow f = store.insertFolder(folder("F", null), DEPTH);
    store.insertAsset(asset("a.txt", null));
    store.insertAsset(asset("a.txt", f.id()));
    store.insertAsset(asset("A.txt", null));
    assertThatThrownBy(() -> store.insertAsset(asset("a.txt", null)))
        .isInstanceOf(NameConflictException.class);
    assertThatThrownBy(() -> store.insertAsset(asset("a.txt", f.id())))
        .isInstanceOf(NameConflictException.class);

    AssetRow b = asset("b.txt", f.id());
    store.insertAsset(b);
    AssetRow clash = b.withMetadata("a.txt", f.id(), null, List.of(), "{}", Rows.tick());
    assertThatThrownBy(() -> store.updateAsset(clash)).isInstanceOf(NameConflictException.class);
    assertThat(store.asset(b.id())).contains(b);
  }

  @Test
  void filtersMatchAlikeOnEveryDatabase() throws Exception {
    FolderRow f = store.insertFolder(folder("F", null), DEPTH);
    AssetRow png = asset("Logo.PNG", f.id(), "image/png", 100, List.of("brand", "Red"));
    AssetRow jpg = asset("photo.jpg", null, "image/jpeg", 5000, List.of("red"));
    AssetRow pdf = asset("Report \u00c9t\u00e9.pdf", f.id(), "application/pdf", 70, List.of());
    for (AssetRow a : List.of(png, jpg, pdf)) {
      store.insertAsset(a);
    }
    assertThat(names(eq("content_type", Op.STARTSWITH, "image/"))).containsOnly(png, jpg);
    assertThat(names(eq("content_type", Op.STARTSWITH, "IMAGE/"))).isEmpty();
    assertThat(names(eq("name", Op.CONTAINS, "logo"))).isEmpty();
    assertThat(names(eq("name", Op.CONTAINS, "Logo"))).containsOnly(png);
    assertThat(names(eq("name", Op.ICONTAINS, "logo.png"))).containsOnly(png);
    // Case folding is ASCII-only on both databases (SQLite's lower(), PostgreSQL's "C").
    assertThat(names(eq("name", Op.ICONTAINS, "report \u00c9t\u00e9"))).containsOnly(pdf);
    assertThat(names(eq("name", Op.ICONTAINS, "REPORT \u00c9T\u00c9"))).isEmpty();
    assertThat(names(eq("name", Op.ICONTAINS, "%"))).isEmpty();
    assertThat(names(eq("name", Op.ICONTAINS, "_"))).isEmpty();
    assertThat(names(eq("size", Op.GT, 100L))).containsOnly(jpg);
    assertThat(names(eq("size", Op.LTE, 100L))).containsOnly(png, pdf);
    assertThat(names(eq("tags", Op.CONTAINS, "red"))).containsOnly(jpg);
    assertThat(names(eq("folder", Op.EQ, f.id()))).containsOnly(png, pdf);
    assertThat(names(eq("folder", Op.ISNULL, true))).containsOnly(jpg);
    assertThat(names(eq("folder", Op.NE, f.id()))).containsOnly(jpg);
    assertThat(names(eq("folder", Op.NOT_IN, f.id()))).containsOnly(jpg);
    assertThat(names(eq("name", Op.IN, "photo.jpg", "nope"))).containsOnly(jpg);
    assertThat(names(eq("created", Op.GTE, jpg.created()))).containsOnly(jpg, pdf);

    Slice<AssetRow> searched =
        store.listAssets(new ListQuery(List.of(), "REPORT", "name", false, null, 10, true));
    assertThat(searched.items()).containsExactly(pdf);
    assertThat(searched.total()).isEqualTo(1);
  }

  /**
   * Names that byte order and a linguistic collation (en_US) sort differently: pages must follow
   * byte order (SQLite's BINARY) everywhere, with ties broken by id, in both directions.
   */
  @Test
  void pagesFollowByteOrderWithTiesBrokenById() throws Exception {
    List<String> names =
        List.of(
            "b", "B", "a", "_x", "10", "9", "\u00e9", "e", "Zeta", "a b", "a-b", "ab", "\u00c4");
    List<AssetRow> rows = new ArrayList<>();
    for (String n : names) {
      // three sizes only: many ties on size
      AssetRow a = asset(n, null, "text/plain", n.length() % 3, List.of());
      store.insertAsset(a);
      rows.add(a);
    }
    Comparator<AssetRow> byName =
        Comparator.comparing(AssetRow::name, MetadataStoreContract::bytes);
    Comparator<AssetRow> bySize = Comparator.comparingLong(AssetRow::size);
    for (boolean desc : List.of(false, true)) {
      for (int limit : List.of(1, 2, 5)) {
        assertThat(walk("name", desc, limit, a -> a.name()))
            .as("name desc=%s limit=%d", desc, limit)
            .containsExactlyElementsOf(sorted(rows, byName, desc));
        assertThat(walk("size", desc, limit, a -> a.size()))
            .as("size desc=%s limit=%d", desc, limit)
            .containsExactlyElementsOf(sorted(rows, bySize, desc));
      }
    }
    Slice<AssetRow> first =
        store.listAssets(new ListQuery(List.of(), null, "name", false, null, 3, true));
    assertThat(first.more()).isTrue();
    assertThat(first.total()).isEqualTo(names.size());
  }

  // ---- folders

  @Test
  void foldersKeepPathsAndDepthsThroughMovesAndRenames() throws Exception {
    FolderRow a = store.insertFolder(folder("A", null), DEPTH);
    FolderRow b = store.insertFolder(folder("B \u00e9\ud83d\ude00", a.id()), DEPTH);
    FolderRow c = store.insertFolder(folder("C", b.id()), DEPTH);
    FolderRow other = store.insertFolder(folder("Other", null), DEPTH);
    assertThat(c.path()).isEqualTo("/A/B \u00e9\ud83d\ude00/C");
    assertThat(c.depth()).isEqualTo(3);
    assertThat(store.folderByPath("/A/B \u00e9\ud83d\ude00")).contains(b);

    FolderRow moved = store.updateFolder(renamed(b, "Bee", other.id()), DEPTH);
    assertThat(moved.path()).isEqualTo("/Other/Bee");
    assertThat(store.folder(c.id()).orElseThrow().path()).isEqualTo("/Other/Bee/C");
    assertThat(store.folder(c.id()).orElseThrow().depth()).isEqualTo(3);

    FolderRow top = store.updateFolder(renamed(moved, "Top", null), DEPTH);
    assertThat(top.depth()).isEqualTo(1);
    assertThat(store.folder(c.id()).orElseThrow().path()).isEqualTo("/Top/C");
    assertThat(store.folder(c.id()).orElseThrow().depth()).isEqualTo(2);
    assertThat(store.folder(a.id()).orElseThrow().path()).isEqualTo("/A");
  }

  @Test
  void treeChecksRefuseCyclesDepthAndClashes() throws Exception {
    FolderRow a = store.insertFolder(folder("A", null), DEPTH);
    FolderRow b = store.insertFolder(folder("B", a.id()), DEPTH);
    FolderRow c = store.insertFolder(folder("C", b.id()), DEPTH);
    assertThat(reason(() -> store.updateFolder(renamed(a, "A", c.id()), DEPTH)))
        .isEqualTo(Reason.CYCLE);
    assertThat(reason(() -> store.updateFolder(renamed(a, "A", a.id()), DEPTH)))
        .isEqualTo(Reason.CYCLE);
    assertThat(reason(() -> store.insertFolder(folder("D", c.id()), 3))).isEqualTo(Reason.TOO_DEEP);
    assertThat(reason(() -> store.updateFolder(renamed(b, "B", c.id()), 20)))
        .isEqualTo(Reason.CYCLE);
    FolderRow x = store.insertFolder(folder("X", null), DEPTH);
    assertThat(reason(() -> store.updateFolder(renamed(a, "A", x.id()), 3)))
        .isEqualTo(Reason.TOO_DEEP);
    assertThat(reason(() -> store.insertFolder(folder("Y", Rows.id()), DEPTH)))
        .isEqualTo(Reason.PARENT_NOT_FOUND);
    assertThat(reason(() -> store.updateFolder(folder("Z", null), DEPTH)))
        .isEqualTo(Reason.NOT_FOUND);

    store.insertFolder(folder("B", null), DEPTH);
    assertThatThrownBy(() -> store.insertFolder(folder("A", null), DEPTH))
        .isInstanceOf(NameConflictException.class);
    assertThatThrownBy(() -> store.insertFolder(folder("B", a.id()), DEPTH))
        .isInstanceOf(NameConflictException.class);
    assertThatThrownBy(() -> store.updateFolder(renamed(b, "B", null), DEPTH))
        .isInstanceOf(NameConflictException.class);
    assertThat(store.folder(b.id()).orElseThrow().path()).isEqualTo("/A/B");
  }

  /** The subtree range ('/A/' .. '/A0') must take exactly A's subtree under any collation. */
  @Test
  void subtreeDeleteTakesExactlyTheSubtree() throws Exception {
    FolderRow a = store.insertFolder(folder("A", null), DEPTH);
    FolderRow b = store.insertFolder(folder("B", a.id()), DEPTH);
    List<FolderRow> neighbours = new ArrayList<>();
    for (String n : List.of("A0", "A!", "A.b", "AB", "a", "A b", "A-", "A#", "A$", "A+x", "A=")) {
      neighbours.add(store.insertFolder(folder(n, null), DEPTH));
    }
    neighbours.add(store.insertFolder(folder("x", neighbours.getFirst().id()), DEPTH));
    AssetRow inA = asset("1.txt", a.id());
    AssetRow inB = asset("2.txt", b.id());
    AssetRow outside = asset("3.txt", neighbours.getFirst().id());
    for (AssetRow r : List.of(inA, inB, outside)) {
      store.insertAsset(r);
    }
    List<FolderRow> walked = new ArrayList<>();
    List<AssetRow> walkedAssets = new ArrayList<>();
    store.walkSubtree(a, walked::add, walkedAssets::add);
    assertThat(walked).extracting(FolderRow::path).containsExactly("/A", "/A/B");
    assertThat(walkedAssets).containsExactly(inA, inB);

    assertThat(reason(() -> store.deleteFolder(a.id(), false))).isEqualTo(Reason.NOT_EMPTY);
    assertThat(store.deleteFolder(a.id(), true))
        .containsExactlyInAnyOrder(inA.blobKey(), inB.blobKey());
    assertThat(store.folder(a.id())).isEmpty();
    assertThat(store.folder(b.id())).isEmpty();
    assertThat(store.asset(inB.id())).isEmpty();
    for (FolderRow n : neighbours) {
      assertThat(store.folder(n.id())).as(n.path()).contains(n);
    }
    assertThat(store.asset(outside.id())).contains(outside);
    assertThat(reason(() -> store.deleteFolder(a.id(), true))).isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void folderListsPageByNameWithinAParent() throws Exception {
    FolderRow p = store.insertFolder(folder("P", null), DEPTH);
    List<FolderRow> kids = new ArrayList<>();
    for (String n : List.of("b", "B", "_", "a", "\u00e4")) {
      kids.add(store.insertFolder(folder(n, p.id()), DEPTH));
    }
    List<String> seen = new ArrayList<>();
    ListQuery.Keyset after = null;
    do {
      Filter parent = new Filter("parent", FieldType.ID, Op.EQ, List.of(p.id()));
      Slice<FolderRow> s =
          store.listFolders(new ListQuery(List.of(parent), null, "name", false, after, 2, false));
      s.items().forEach(f -> seen.add(f.name()));
      after =
          s.more()
              ? new ListQuery.Keyset(s.items().getLast().name(), s.items().getLast().id())
              : null;
    } while (after != null);
    assertThat(seen).containsExactly("B", "_", "a", "b", "\u00e4");
  }

  // ---- shares

  @Test
  void sharesRoundTripAndGoWithTheirAsset() throws Exception {
    AssetRow a = asset("s.txt", null);
    store.insertAsset(a);
    ShareRow s = Rows.share(a.id(), 3);
    store.insertShare(s);
    assertThat(store.share(s.id())).contains(s);
    assertThat(store.shareByToken(s.token())).contains(s);
    assertThat(store.sharesOfAsset(a.id())).containsExactly(s);

    store.recordView(s.id(), 77);
    store.recordFailure(s.id());
    ShareRow after = store.share(s.id()).orElseThrow();
    assertThat(after.views()).isEqualTo(1);
    assertThat(after.failedAttempts()).isEqualTo(1);
    assertThat(after.lastAccessed()).isEqualTo(77);

    Filter active = new Filter("active", FieldType.BOOLEAN, Op.EQ, List.of(true));
    assertThat(
            store
                .listShares(new ListQuery(List.of(active), null, "created", true, null, 5, true))
                .total())
        .isEqualTo(1);

    store.deleteAsset(a.id());
    assertThat(store.share(s.id())).isEmpty();
  }

  @Test
  void downloadSlotsHoldTheLimit() throws Exception {
    AssetRow a = asset("d.txt", null);
    store.insertAsset(a);
    ShareRow s = Rows.share(a.id(), 2);
    store.insertShare(s);
    long now = Rows.tick();
    assertThat(store.takeDownloadSlot(s.id(), "s1", now, 1_000_000)).isTrue();
    assertThat(store.takeDownloadSlot(s.id(), "s2", now, 1_000_000)).isTrue();
    assertThat(store.takeDownloadSlot(s.id(), "s3", now, 1_000_000)).isFalse();
    store.finishDownload(s.id(), "s1", false, now);
    assertThat(store.takeDownloadSlot(s.id(), "s4", now, 1_000_000)).isTrue();
    store.finishDownload(s.id(), "s2", true, now);
    store.finishDownload(s.id(), "s2", true, now);
    assertThat(store.share(s.id()).orElseThrow().downloads()).isEqualTo(1);
    // s4 went stale: its place comes back
    assertThat(store.takeDownloadSlot(s.id(), "s5", now + 2_000_000, 1_000_000)).isTrue();
    assertThat(store.takeDownloadSlot(s.id(), "s6", now + 2_000_000, 1_000_000)).isFalse();

    ShareRow unlimited = Rows.share(a.id(), null);
    store.insertShare(unlimited);
    for (int i = 0; i < 5; i++) {
      assertThat(store.takeDownloadSlot(unlimited.id(), "u" + i, now, 1_000_000)).isTrue();
    }
    assertThat(store.takeDownloadSlot(Rows.id(), "gone", now, 1_000_000)).isFalse();
  }

  @Test
  void guessesAreCountedInAWindowAndCanBeGivenBack() throws Exception {
    AssetRow a = asset("g.txt", null);
    store.insertAsset(a);
    ShareRow s = Rows.share(a.id(), null);
    store.insertShare(s);
    long t0 = Rows.tick();
    long window = 1_000_000;
    for (int i = 1; i <= 3; i++) {
      ShareStore.Guess g = store.reserveGuess(s.id(), t0 + i, window, 3).orElseThrow();
      assertThat(g.allowed()).isTrue();
      assertThat(g.share().throttleFailures()).isEqualTo(i);
      assertThat(g.share().throttleStart()).isEqualTo(t0 + 1);
    }
    assertThat(store.reserveGuess(s.id(), t0 + 10, window, 3).orElseThrow().allowed()).isFalse();
    store.releaseGuess(s.id(), t0 + 1);
    assertThat(store.reserveGuess(s.id(), t0 + 11, window, 3).orElseThrow().allowed()).isTrue();
    // a new window starts once the old one is over; a give-back for the old one changes nothing
    ShareStore.Guess fresh = store.reserveGuess(s.id(), t0 + 1 + window, window, 3).orElseThrow();
    assertThat(fresh.allowed()).isTrue();
    assertThat(fresh.share().throttleFailures()).isEqualTo(1);
    store.releaseGuess(s.id(), t0 + 1);
    assertThat(store.share(s.id()).orElseThrow().throttleFailures()).isEqualTo(1);
    assertThat(store.reserveGuess(Rows.id(), t0, window, 3)).isEmpty();
  }

  // ---- accounts, keys, settings

  @Test
  void usersAreUniqueByKeyAndTakeTheirTokensWithThem() throws Exception {
    AccountStore acc = store.accounts();
    UserRow u = Rows.user("Alice");
    acc.insertUser(u);
    assertThat(acc.user(u.id())).contains(u);
    assertThat(acc.userByKey("alice")).contains(u);
    assertThatThrownBy(() -> acc.insertUser(Rows.user("ALICE")))
        .isInstanceOf(NameConflictException.class);
    UserRow bob = Rows.user("Bob");
    acc.insertUser(bob);
    UserRow clash =
        new UserRow(
            bob.id(),
            "alice",
            "alice",
            null,
            bob.passwordHash(),
            List.of(),
            true,
            bob.created(),
            Rows.tick(),
            bob.createdBy());
    assertThatThrownBy(() -> acc.updateUser(clash)).isInstanceOf(NameConflictException.class);
    UserRow disabled =
        new UserRow(
            bob.id(),
            "Bobby",
            "bobby",
            null,
            bob.passwordHash(),
            List.of(),
            true,
            bob.created(),
            Rows.tick(),
            bob.createdBy());
    assertThat(acc.updateUser(disabled)).isTrue();
    assertThat(acc.user(bob.id())).contains(disabled);

    RefreshTokenRow t = Rows.refresh("fam", u.id(), Long.MAX_VALUE);
    acc.insertRefreshToken(t);
    assertThat(acc.refreshToken(t.tokenHash())).contains(t);
    assertThat(acc.deleteUser(u.id())).isTrue();
    assertThat(acc.refreshToken(t.tokenHash())).isEmpty();
    assertThat(acc.deleteUser(u.id())).isFalse();
  }

  @Test
  void refreshTokensRotateOnceAndReuseRevokesTheFamily() {
    AccountStore acc = store.accounts();
    String user = Rows.id();
    RefreshTokenRow first = Rows.refresh("fam", user, Long.MAX_VALUE);
    acc.insertRefreshToken(first);
    RefreshTokenRow second = Rows.refresh("fam", user, Long.MAX_VALUE);
    assertThat(acc.rotateRefreshToken(first.tokenHash(), second, Rows.tick()))
        .isEqualTo(Rotation.ROTATED);
    assertThat(acc.refreshToken(first.tokenHash()).orElseThrow().used()).isTrue();
    RefreshTokenRow third = Rows.refresh("fam", user, Long.MAX_VALUE);
    assertThat(acc.rotateRefreshToken(first.tokenHash(), third, Rows.tick()))
        .isEqualTo(Rotation.REUSED);
    assertThat(acc.refreshToken(second.tokenHash()).orElseThrow().revoked()).isTrue();
    assertThat(acc.refreshToken(third.tokenHash())).isEmpty();
    assertThat(acc.rotateRefreshToken("nope", third, Rows.tick())).isEqualTo(Rotation.UNKNOWN);

    RefreshTokenRow old = Rows.refresh("fam2", user, 5);
    acc.insertRefreshToken(old);
    assertThat(acc.rotateRefreshToken(old.tokenHash(), third, 5)).isEqualTo(Rotation.EXPIRED);
  }

  @Test
  void loginAttemptsAreReservedUpToTheLimit() {
    AccountStore acc = store.accounts();
    long t0 = Rows.tick();
    for (int i = 0; i < 3; i++) {
      AccountStore.LoginAttempt a = acc.reserveLoginAttempt("bob", t0 + i, t0, 3);
      assertThat(a.allowed()).isTrue();
      assertThat(a.failures()).hasSize(i);
    }
    AccountStore.LoginAttempt refused = acc.reserveLoginAttempt("bob", t0 + 5, t0, 3);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.failures()).containsExactly(t0, t0 + 1, t0 + 2);
    assertThat(acc.reserveLoginAttempt("carol", t0 + 5, t0, 3).allowed()).isTrue();
    // failures before the window neither count nor stay
    assertThat(acc.reserveLoginAttempt("bob", t0 + 9, t0 + 2, 3).failures())
        .containsExactly(t0 + 2);
    acc.clearLoginFailures("bob");
    assertThat(acc.reserveLoginAttempt("bob", t0 + 10, t0, 3).failures()).isEmpty();
  }

  @Test
  void apiKeysAreFoundByHashListedAndTouchedForward() {
    ApiKeyRow k = Rows.apiKey("ci");
    store.insertApiKey(k);
    store.insertApiKey(Rows.apiKey("other"));
    assertThat(store.apiKeyByHash(k.keyHash())).contains(k);
    assertThat(store.apiKey(k.id())).contains(k);
    assertThat(store.countApiKeys()).isEqualTo(2);
    store.touchApiKey(k.id(), 100);
    store.touchApiKey(k.id(), 50);
    assertThat(store.apiKey(k.id()).orElseThrow().lastUsed()).isEqualTo(100);
    Filter scope = new Filter("scopes", FieldType.TAGS, Op.CONTAINS, List.of("store:read"));
    assertThat(
            store
                .listApiKeys(new ListQuery(List.of(scope), "C", "label", false, null, 10, true))
                .items())
        .extracting(ApiKeyRow::label)
        .containsExactly("ci");
    assertThat(store.deleteApiKey(k.id())).isTrue();
    assertThat(store.deleteApiKey(k.id())).isFalse();
    assertThat(store.apiKeyByHash(k.keyHash())).isEmpty();
  }

  @Test
  void aSettingKeepsItsFirstValue() {
    assertThat(store.setting("k", () -> "first")).isEqualTo("first");
    assertThat(store.setting("k", () -> "second")).isEqualTo("first");
    assertThat(node().setting("k", () -> "third")).isEqualTo("first");
    assertThat(store.isReady()).isTrue();
  }

  // ---- two nodes racing

  @Test
  void nodesStartingTogetherAgreeOnOneKey() throws Exception {
    MetadataStore other = node();
    List<String> values =
        race(16, i -> (i % 2 == 0 ? store : other).setting("cursor_hmac_key", () -> "key-" + i));
    assertThat(Set.copyOf(values)).hasSize(1);
  }

  @Test
  void maxDownloadsHoldsAcrossNodes() throws Exception {
    MetadataStore other = node();
    AssetRow a = asset("m.txt", null);
    store.insertAsset(a);
    ShareRow s = Rows.share(a.id(), 5);
    store.insertShare(s);
    long now = Rows.tick();
    List<Boolean> taken =
        race(
            40,
            i -> {
              MetadataStore n = i % 2 == 0 ? store : other;
              boolean ok = n.takeDownloadSlot(s.id(), "slot-" + i, now, 60_000_000);
              if (ok && i % 3 == 0) {
                n.finishDownload(s.id(), "slot-" + i, true, now);
              }
              return ok;
            });
    assertThat(taken.stream().filter(b -> b).count()).isEqualTo(5);
    assertThat(store.takeDownloadSlot(s.id(), "late", now, 60_000_000)).isFalse();
  }

  @Test
  void throttleCountsAreSharedByNodes() throws Exception {
    MetadataStore other = node();
    AssetRow a = asset("t.txt", null);
    store.insertAsset(a);
    ShareRow s = Rows.share(a.id(), null);
    store.insertShare(s);
    long now = Rows.tick();
    long window = 60_000_000;
    for (int i = 0; i < 4; i++) {
      assertThat(store.reserveGuess(s.id(), now, window, 5).orElseThrow().allowed()).isTrue();
    }
    ShareStore.Guess fifth = other.reserveGuess(s.id(), now, window, 5).orElseThrow();
    assertThat(fifth.allowed()).isTrue();
    assertThat(fifth.share().throttleFailures()).isEqualTo(5);
    assertThat(other.reserveGuess(s.id(), now, window, 5).orElseThrow().allowed()).isFalse();

    ShareRow racing = Rows.share(a.id(), null);
    store.insertShare(racing);
    List<Boolean> allowed =
        race(
            30,
            i ->
                (i % 2 == 0 ? store : other)
                    .reserveGuess(racing.id(), now, window, 5)
                    .orElseThrow()
                    .allowed());
    assertThat(allowed.stream().filter(b -> b).count()).isEqualTo(5);

    List<Boolean> logins =
        race(
            30,
            i ->
                (i % 2 == 0 ? store : other)
                    .accounts()
                    .reserveLoginAttempt("eve", now, now - window, 5)
                    .allowed());
    assertThat(logins.stream().filter(b -> b).count()).isEqualTo(5);
  }

  @Test
  void siblingNamesHaveOneWinnerAcrossNodes() throws Exception {
    MetadataStore other = node();
    FolderRow p = store.insertFolder(folder("P", null), DEPTH);
    List<Boolean> folders =
        race(
            20,
            i -> {
              try {
                (i % 2 == 0 ? store : other).insertFolder(folder("Same", p.id()), DEPTH);
                return true;
              } catch (NameConflictException e) {
                return false;
              }
            });
    assertThat(folders.stream().filter(b -> b).count()).isEqualTo(1);
    List<Boolean> assets =
        race(
            20,
            i -> {
              try {
                (i % 2 == 0 ? store : other).insertAsset(asset("same.txt", p.id()));
                return true;
              } catch (NameConflictException e) {
                return false;
              }
            });
    assertThat(assets.stream().filter(b -> b).count()).isEqualTo(1);
  }

  @Test
  void refreshTokenRotationHasOneWinnerAcrossNodes() throws Exception {
    MetadataStore other = node();
    RefreshTokenRow t = Rows.refresh("fam", Rows.id(), Long.MAX_VALUE);
    store.accounts().insertRefreshToken(t);
    List<Rotation> outcomes =
        race(
            10,
            i ->
                (i % 2 == 0 ? store : other)
                    .accounts()
                    .rotateRefreshToken(
                        t.tokenHash(),
                        Rows.refresh("fam", t.userId(), Long.MAX_VALUE),
                        Rows.tick()));
    assertThat(outcomes.stream().filter(r -> r == Rotation.ROTATED).count()).isEqualTo(1);
    assertThat(outcomes.stream().filter(r -> r == Rotation.REUSED).count()).isEqualTo(9);
  }

  /**
   * Moves, renames and new folders from two nodes at once: afterwards every folder's path is its
   * parent's path plus its name, depths agree, and there is no cycle.
   */
  @Test
  void concurrentTreeChangesKeepEveryPathTrue() throws Exception {
    MetadataStore other = node();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(store.insertFolder(folder("f" + i, null), DEPTH).id());
    }
    race(
        60,
        i -> {
          MetadataStore n = i % 2 == 0 ? store : other;
          String me = ids.get(i % ids.size());
          String target = ids.get((i * 7 + 3) % ids.size());
          try {
            if (i % 3 == 0) {
              n.insertFolder(folder("new" + i, target), DEPTH);
            } else {
              FolderRow f = n.folder(me).orElseThrow();
              n.updateFolder(renamed(f, f.name(), i % 5 == 0 ? null : target), DEPTH);
            }
          } catch (TreeException | NameConflictException e) {
            // refused moves are fine; the tree must stay true either way
          }
          return null;
        });
    Map<String, FolderRow> all =
        store
            .listFolders(new ListQuery(List.of(), null, "created", false, null, 250, false))
            .items()
            .stream()
            .collect(Collectors.toMap(FolderRow::id, Function.identity()));
    for (FolderRow f : all.values()) {
      FolderRow parent = f.parentId() == null ? null : all.get(f.parentId());
      assertThat(f.path()).isEqualTo((parent == null ? "" : parent.path()) + "/" + f.name());
      assertThat(f.depth()).isEqualTo(parent == null ? 1 : parent.depth() + 1);
    }
  }

  // ---- helpers

  private interface Work<T> {
    T run(int i) throws Exception;
  }

  /** Runs {@code n} calls at once (released together) and returns their results in order. */
  private static <T> List<T> race(int n, Work<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        Callable<T> c =
            () -> {
              go.await();
              return work.run(k);
            };
        futures.add(pool.submit(c));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Reason reason(Work0 w) {
    try {
      w.run();
    } catch (TreeException e) {
      return e.reason();
    } catch (Exception e) {
      throw new AssertionError("expected a TreeException", e);
    }
    throw new AssertionError("expected a TreeException, the store accepted");
  }

  private interface Work0 {
    void run() throws Exception;
  }

  private static Filter eq(String field, Op op, Object... values) {
    FieldType type =
        switch (field) {
          case "size", "created" -> FieldType.INTEGER;
          case "folder" -> FieldType.ID;
          case "tags" -> FieldType.TAGS;
          default -> FieldType.STRING;
        };
    return new Filter(field, type, op, Arrays.asList(values));
  }

  private List<AssetRow> names(Filter f) {
    return store
        .listAssets(new ListQuery(List.of(f), null, "name", false, null, 100, false))
        .items();
  }

  private List<AssetRow> walk(
      String sort, boolean desc, int limit, Function<AssetRow, Object> key) {
    List<AssetRow> seen = new ArrayList<>();
    ListQuery.Keyset after = null;
    for (int guard = 0; guard < 100; guard++) {
      Slice<AssetRow> s =
          store.listAssets(new ListQuery(List.of(), null, sort, desc, after, limit, false));
      seen.addAll(s.items());
      if (!s.more()) {
        return seen;
      }
      AssetRow last = s.items().getLast();
      after = new ListQuery.Keyset(key.apply(last), last.id());
    }
    throw new AssertionError("pagination did not end");
  }

  private static List<AssetRow> sorted(List<AssetRow> rows, Comparator<AssetRow> by, boolean desc) {
    Comparator<AssetRow> c = by.thenComparing(AssetRow::id, MetadataStoreContract::bytes);
    return rows.stream().sorted(desc ? c.reversed() : c).toList();
  }

  /** SQLite's BINARY collation: the UTF-8 bytes, unsigned. */
  private static int bytes(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}

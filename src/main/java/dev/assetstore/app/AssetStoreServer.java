package dev.assetstore.app;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.Scratch;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.http.ApiRouter;
import dev.assetstore.http.HttpVerticle;
import dev.assetstore.http.Services;
import dev.assetstore.mail.Mailer;
import dev.assetstore.mail.smtp.SmtpMailer;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.assets.ContentTypes;
import dev.assetstore.store.auth.ApiKeyService;
import dev.assetstore.store.auth.Creators;
import dev.assetstore.store.folders.FolderService;
import dev.assetstore.store.folders.StoreResolver;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.previews.PreviewService;
import dev.assetstore.store.previews.RenderPool;
import dev.assetstore.store.shares.AccessTokens;
import dev.assetstore.store.shares.ShareService;
import dev.assetstore.store.uploads.UploadService;
import dev.assetstore.store.uploads.UploadSettings;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: opens the stores, cleans up, bootstraps the admin key, starts HTTP. */
public final class AssetStoreServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AssetStoreServer.class);

  /** How long after the server listens Tika's type database loads. */
  static final long TIKA_DELAY_MILLIS = 500;

  /** How long after the server listens the orphan sweep begins. */
  static final long SWEEP_DELAY_MILLIS = 2000;

  private final MetadataStore store;
  private final Vertx vertx;
  private final int port;
  private final CompletableFuture<Long> sweep;
  private final UploadService uploads;

  /** How often idle resumable uploads are looked for (issue 16). */
  static final long UPLOAD_SWEEP_MILLIS = 60_000;

  private final java.util.function.Supplier<java.util.List<ApiRouter.Operation>> routes;

  private AssetStoreServer(
      MetadataStore store,
      Vertx vertx,
      int port,
      CompletableFuture<Long> sweep,
      UploadService uploads,
      java.util.function.Supplier<java.util.List<ApiRouter.Operation>> routes) {
    this.store = store;
    this.vertx = vertx;
    this.port = port;
    this.sweep = sweep;
    this.uploads = uploads;
    this.routes = routes;
  }

  /** Runs the expiry sweep of resumable uploads now (tests, after moving the clock); blocks. */
  public int expireUploads() {
    return uploads.sweepExpired();
  }

  /** The route table the server answers with, read from a router built as its own are. */
  public java.util.List<ApiRouter.Operation> routes() {
    return routes.get();
  }

  public int port() {
    return port;
  }

  /** Completes with the number of orphan blobs the startup sweep removed. */
  public CompletableFuture<Long> startupSweep() {
    return sweep;
  }

  public static AssetStoreServer start(Config c, PrintStream out) throws Exception {
    return start(c, out, java.time.Clock.systemUTC());
  }

  /**
   * With the clock that access tokens, refresh tokens and login throttling read (tests shift it).
   */
  public static AssetStoreServer start(Config c, PrintStream out, java.time.Clock clock)
      throws Exception {
    return start(c, out, clock, UnaryOperator.identity());
  }

  /**
   * With the blob store wrapped by {@code wrapBlobs}: the seam through which tests put a failing
   * decorator (a full disk, an I/O error) in front of the real store.
   */
  public static AssetStoreServer start(
      Config c, PrintStream out, java.time.Clock clock, UnaryOperator<BlobStore> wrapBlobs)
      throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Files.createDirectories(c.dataDir());
    StartupPhases phases = new StartupPhases();
    // jOOQ's query machinery, then Netty and Vert.x, initialise on a second core while the
    // database opens and migrates: class initialisation is most of start-up.
    var vertxReady =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              warmUpQueryRendering();
              return Vertx.vertx(
                  new VertxOptions()
                      .setEventLoopPoolSize(c.eventLoops())
                      .setPreferNativeTransport(true));
            },
            r -> Thread.ofPlatform().daemon().start(r));
    MetadataStore store;
    try {
      store = Backends.metadata(c);
    } catch (Exception | Error e) {
      vertxReady.thenAccept(Vertx::close);
      throw e;
    }
    phases.done("database");
    try {
      BlobStore blobs = wrapBlobs.apply(Backends.blobs(c));
      // Every blob this process writes is written after this instant: the sweep below judges only
      // older ones, so it can run while uploads are served (it used to hold up /ready, for as long
      // as walking the whole blob tree takes).
      Instant sweepCutoff = blobs.stampNow();
      if (blobs.resumable() != null) {
        // The sweep of interrupted writes spares resumable uploads that are still alive.
        blobs.resumable().spare(keys -> store.uploads().uploadBlobKeys(keys));
      }
      blobs.removeTemporaryFiles();
      phases.done("temporary files");

      byte[] cursorKey =
          Base64.getDecoder().decode(store.setting("cursor_hmac_key", AssetStoreServer::secret));
      Cursors cursors = new Cursors(cursorKey);
      ApiKeyService keys = new ApiKeyService(store, cursors);
      Optional<String> generated = keys.bootstrap(c.adminKey());
      generated.ifPresent(k -> announce(c.dataDir(), k, out));

      phases.done("keys");
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);

      Creators creators = new Creators(store);
      AssetService assets = new AssetService(store, blobs, cursors, creators, c.maxUploadBytes());
      FolderService folders = new FolderService(store, blobs, cursors, creators, assets.recent());
      StoreResolver resolver = new StoreResolver(store, assets, folders);
      int port = c.port() == 0 ? freePort() : c.port();
      byte[] shareKey =
          Base64.getDecoder()
              .decode(store.setting("share_token_hmac_key", AssetStoreServer::secret));
      ShareService shares =
          new ShareService(
              store,
              assets,
              folders,
              cursors,
              creators,
              new AccessTokens(shareKey),
              c.publicUrl(port),
              c.smtpUrl() == null ? Mailer.none() : SmtpMailer.fromUrl(c.smtpUrl()));
      var accounts = AccountsWiring.build(c, store, cursors, clock);
      UploadService uploads =
          new UploadService(
              store.uploads(),
              blobs.resumable(),
              assets,
              new UploadSettings(c.maxResumableBytes(), c.resumableExpiry(), clock));
      PreviewService previews =
          new PreviewService(
              store,
              blobs,
              new RenderPool(c.previewWorkers()),
              new Scratch(c.dataDir().resolve("preview-scratch")),
              registry);
      assets.onContentDeleted(previews::contentDeleted);
      folders.onAssetsDeleted(previews::freeOrphans);
      Services services =
          new Services(
              store, blobs, keys, assets, folders, resolver, shares, registry, accounts, uploads,
              previews);
      phases.done("services");

      Vertx vertx = vertxReady.join();
      try {
        vertx
            .deployVerticle(
                () -> new HttpVerticle(services, c.host(), port, c.limits(), c.corsOrigins()),
                new DeploymentOptions().setInstances(c.eventLoops()))
            .await();
      } catch (Exception e) {
        vertx.close();
        throw e;
      }
      phases.done("http");
      // Neither is needed to answer the first requests, and on two cores any thread busy at the
      // start delays them: Tika's type database (for the first upload; one that comes sooner
      // loads it itself) and the orphan sweep wait until the server has been up a moment.
      vertx.setTimer(
          TIKA_DELAY_MILLIS,
          t -> Thread.ofPlatform().daemon().name("tika-warm-up").start(ContentTypes::warmUp));
      CompletableFuture<Long> sweep = new CompletableFuture<>();
      vertx.setTimer(
          SWEEP_DELAY_MILLIS,
          t ->
              Thread.ofVirtual()
                  .name("startup-sweep")
                  .start(
                      () -> {
                        previews.freeOrphans();
                        sweepInBackground(store, blobs, sweepCutoff, sweep);
                      }));
      // Without the native library (another OS or CPU) Vert.x falls back to NIO: slower, still
      // right.
      LOG.info(
          "started: {}; {} transport",
          phases,
          vertx.isNativeTransportEnabled()
              ? "epoll"
              : "NIO (" + vertx.unavailableNativeTransportCause() + ")");
      out.println("Asset Store listening on http://" + c.host() + ":" + port);
      out.flush();
      vertx.setPeriodic(
          UPLOAD_SWEEP_MILLIS,
          t ->
              Thread.ofVirtual()
                  .name("upload-expiry-sweep")
                  .start(
                      () -> {
                        try {
                          uploads.sweepExpired();
                        } catch (RuntimeException e) {
                          LOG.warn("upload expiry sweep failed: {}", e.toString());
                        }
                      }));
      return new AssetStoreServer(
          store,
          vertx,
          port,
          sweep,
          uploads,
          () ->
              ApiRouter.operations(ApiRouter.create(vertx, services, c.limits(), c.corsOrigins())));
    } catch (Exception e) {
      vertxReady.thenAccept(Vertx::close);
      store.close();
      throw e;
    }
  }

  private static void warmUpQueryRendering() {
    try {
      org.jooq
          .impl
          .DSL
          .using(org.jooq.SQLDialect.SQLITE)
          .select(org.jooq.impl.DSL.field("a", String.class))
          .from(org.jooq.impl.DSL.table("t"))
          .where(org.jooq.impl.DSL.field("b", Long.class).eq(1L))
          .orderBy(org.jooq.impl.DSL.field("a").asc())
          .limit(1)
          .getSQL();
    } catch (RuntimeException e) {
      LOG.debug("query warm-up failed: {}", e.toString());
    }
  }

  /** Removes blobs that no record references (left by a crash between write and commit). */
  private static void sweepInBackground(
      MetadataStore store, BlobStore blobs, Instant cutoff, CompletableFuture<Long> done) {
    long t0 = System.nanoTime();
    try {
      long removed = sweepOrphans(store, blobs, cutoff);
      LOG.info(
          "startup sweep removed {} unreferenced blob(s) in {} ms",
          removed,
          (System.nanoTime() - t0) / 1_000_000);
      done.complete(removed);
    } catch (Exception | Error e) {
      // e.g. the server was stopped meanwhile; the next start sweeps again.
      LOG.warn("startup sweep stopped: {}", e.toString());
      done.completeExceptionally(e);
    }
  }

  /**
   * Removes blobs written before {@code cutoff} that no record references (left by a crash between
   * write and commit); returns how many.
   */
  static long sweepOrphans(MetadataStore store, BlobStore blobs, Instant cutoff)
      throws IOException {
    AtomicLong removed = new AtomicLong();
    blobs.listKeys(
        500,
        cutoff,
        batch -> {
          Set<String> orphans = new HashSet<>(batch);
          orphans.removeAll(store.referencedBlobKeys(batch));
          // A resumable upload's blob exists before its asset does (finished, not yet recorded).
          orphans.removeAll(store.uploads().uploadBlobKeys(batch));
          if (!orphans.isEmpty()) {
            // Derived blobs (previews) are referenced by their own records.
            orphans.removeAll(store.previews().referencedPreviewKeys(orphans));
          }
          try {
            blobs.deleteAll(orphans);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          removed.addAndGet(orphans.size());
        });
    return removed.get();
  }

  private static void announce(Path dataDir, String key, PrintStream out) {
    Path file = dataDir.resolve("bootstrap-admin-key");
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("could not write {}: {}", file, e.toString());
    }
    out.println("Bootstrap admin API key (shown once, also written to " + file + "):");
    out.println("  " + key);
    out.flush();
  }

  static String secret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    // A sweep that has not begun never will (its timer dies with Vert.x).
    sweep.completeExceptionally(new java.util.concurrent.CancellationException("server stopped"));
    try {
      vertx.close().await();
    } catch (Exception e) {
      LOG.warn("error while stopping HTTP: {}", e.toString());
    }
    store.close();
  }
}

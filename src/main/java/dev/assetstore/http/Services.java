package dev.assetstore.http;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.auth.ApiKeyService;
import dev.assetstore.store.folders.FolderService;
import dev.assetstore.store.folders.StoreResolver;
import dev.assetstore.store.shares.ShareService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the HTTP layer is given by the composition root. */
public record Services(
    MetadataStore store,
    BlobStore blobs,
    ApiKeyService keys,
    AssetService assets,
    FolderService folders,
    StoreResolver resolver,
    ShareService shares,
    PrometheusMeterRegistry metrics,
    dev.assetstore.store.auth.Accounts accounts,
    dev.assetstore.store.uploads.UploadService uploads,
    dev.assetstore.store.previews.PreviewService previews) {}

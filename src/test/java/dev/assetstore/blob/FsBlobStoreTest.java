package dev.assetstore.blob;

class FsBlobStoreTest extends BlobStoreContract {
  @Override
  BlobFixture fixture() {
    return BlobFixture.disk();
  }
}

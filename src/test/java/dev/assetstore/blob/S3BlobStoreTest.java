package dev.assetstore.blob;

class S3BlobStoreTest extends BlobStoreContract {
  @Override
  BlobFixture fixture() {
    return BlobFixture.s3();
  }
}

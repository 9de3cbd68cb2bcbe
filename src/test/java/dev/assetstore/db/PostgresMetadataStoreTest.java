package dev.assetstore.db;

/** The {@link MetadataStore} contract on PostgreSQL (embedded, a fresh database per test). */
class PostgresMetadataStoreTest extends MetadataStoreContract {
  PostgresMetadataStoreTest() {
    super(StoreBackend.POSTGRES);
  }
}

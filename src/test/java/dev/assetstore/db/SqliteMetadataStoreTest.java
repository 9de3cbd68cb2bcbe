package dev.assetstore.db;

/** The {@link MetadataStore} contract on SQLite. */
class SqliteMetadataStoreTest extends MetadataStoreContract {
  SqliteMetadataStoreTest() {
    super(StoreBackend.SQLITE);
  }
}

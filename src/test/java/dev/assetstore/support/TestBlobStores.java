package dev.assetstore.support;

import java.util.Map;

/**
 * Which blob store a {@link TestServer} runs on, chosen by the system property {@code
 * assetstore.test.blobs} ({@code disk}, the default, or {@code s3}). Each call gives a fresh, empty
 * store so servers never see each other's blobs.
 */
public final class TestBlobStores {
  private TestBlobStores() {}

  public static final String PROPERTY = "assetstore.test.blobs";

  public static String kind() {
    return System.getProperty(PROPERTY, "disk");
  }

  /** Environment entries for a fresh blob store; empty means the default directory on disk. */
  public static Map<String, String> freshEnv() {
    return Map.of();
  }
}

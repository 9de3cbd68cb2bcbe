package dev.assetstore.app;

import dev.assetstore.http.Cors;
import dev.assetstore.http.Limits;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Typed configuration from {@code ASSET_STORE_*} variables, with the embedded defaults. */
public record Config(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    String blobUrl,
    String adminKey,
    long maxUploadBytes,
    String publicUrl,
    String smtpUrl,
    int eventLoops,
    String jwtSecret,
    int dbPoolSize,
    Limits limits,
    Set<String> corsOrigins,
    long maxResumableBytes,
    java.time.Duration resumableExpiry,
    int previewWorkers) {

  public static Config fromEnv(Map<String, String> env) {
    Path data =
        Path.of(env.getOrDefault("ASSET_STORE_DATA_DIR", "./data")).toAbsolutePath().normalize();
    int port = intVar(env, "ASSET_STORE_PORT", 8080);
    return new Config(
        env.getOrDefault("ASSET_STORE_HOST", "0.0.0.0"),
        port,
        data,
        nonEmpty(env.get("ASSET_STORE_DB_URL"), "jdbc:sqlite:" + data.resolve("store.db")),
        nonEmpty(env.get("ASSET_STORE_BLOB_URL"), "file:" + data.resolve("blobs")),
        nonEmpty(env.get("ASSET_STORE_ADMIN_KEY"), null),
        longVar(env, "ASSET_STORE_MAX_UPLOAD_BYTES", 104_857_600L),
        nonEmpty(env.get("ASSET_STORE_PUBLIC_URL"), null),
        nonEmpty(env.get("ASSET_STORE_SMTP_URL"), null),
        intVar(env, "ASSET_STORE_EVENT_LOOPS", Runtime.getRuntime().availableProcessors()),
        jwtSecret(env.get("ASSET_STORE_JWT_SECRET")),
        Math.max(1, intVar(env, "ASSET_STORE_DB_POOL_SIZE", 16)),
        limits(env),
        Cors.parseOrigins(env.get("ASSET_STORE_CORS_ORIGINS")),
        longVar(env, "ASSET_STORE_MAX_RESUMABLE_BYTES", 10L * 1024 * 1024 * 1024),
        java.time.Duration.ofHours(
            Math.max(1, longVar(env, "ASSET_STORE_RESUMABLE_EXPIRY_HOURS", 24))),
        Math.max(
            1,
            intVar(
                env, "ASSET_STORE_PREVIEW_WORKERS", Runtime.getRuntime().availableProcessors())));
  }

  /** Request limits and slow-client timeouts; see {@link Limits} for what each one bounds. */
  private static Limits limits(Map<String, String> env) {
    Limits d = Limits.DEFAULTS;
    return new Limits(
        intVar(env, "ASSET_STORE_MAX_HEADER_BYTES", d.maxHeaderBytes()),
        intVar(env, "ASSET_STORE_MAX_HEADERS", d.maxHeaders()),
        longVar(env, "ASSET_STORE_MAX_JSON_BYTES", d.maxJsonBytes()),
        seconds(env, "ASSET_STORE_HEADER_TIMEOUT_SECONDS", d.headerTimeout()),
        seconds(env, "ASSET_STORE_BODY_TIMEOUT_SECONDS", d.bodyTimeout()),
        seconds(env, "ASSET_STORE_IDLE_TIMEOUT_SECONDS", d.idleTimeout()));
  }

  /** Seconds, fractions allowed ({@code 0.5}). */
  private static Duration seconds(Map<String, String> env, String name, Duration dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      long millis = new BigDecimal(v.trim()).movePointRight(3).longValueExact();
      if (millis <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got '" + v + "'");
      }
      return Duration.ofMillis(millis);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be a number of seconds, got '" + v + "'");
    }
  }

  /** The base of share links; defaults to localhost on the actual port. */
  public String publicUrl(int actualPort) {
    return publicUrl != null ? publicUrl : "http://localhost:" + actualPort;
  }

  /** The access-token signing key, if configured: at least 32 bytes (HS256 needs 256 bits). */
  private static String jwtSecret(String v) {
    String s = nonEmpty(v, null);
    if (s != null && s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("ASSET_STORE_JWT_SECRET must be at least 32 bytes");
    }
    return s;
  }

  private static String nonEmpty(String v, String dflt) {
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  private static int intVar(Map<String, String> env, String name, int dflt) {
    long v = longVar(env, name, dflt);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is out of range: " + v);
    }
    return (int) v;
  }

  private static long longVar(Map<String, String> env, String name, long dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }
}

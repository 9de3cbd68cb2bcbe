package dev.assetstore.blob.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an {@link S3BlobStore} keeps its objects, parsed from {@code
 * s3://bucket?endpoint=…&region=…&path_style=true&prefix=…&sweep_grace=…}. Every parameter is
 * optional: without {@code endpoint} the SDK talks to AWS, without {@code region} it asks the
 * standard AWS region chain (falling back to us-east-1).
 *
 * @param prefix empty, or ends with {@code /}
 * @param sweepGrace how old an unreferenced object or an incomplete multipart upload must be before
 *     the startup sweep removes it (other nodes may be writing it right now)
 */
public record S3Location(
    String bucket,
    URI endpoint,
    String region,
    boolean pathStyle,
    String prefix,
    Duration sweepGrace) {

  public static final Duration DEFAULT_SWEEP_GRACE = Duration.ofHours(1);
  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
  private static final Set<String> PARAMS =
      Set.of("endpoint", "region", "path_style", "prefix", "sweep_grace");

  /** Parses the URL; a malformed one gets an {@link IllegalArgumentException} saying why. */
  public static S3Location parse(String url) {
    if (url == null || !url.startsWith("s3://")) {
      throw invalid("expected s3://bucket?…", url);
    }
    String rest = url.substring("s3://".length());
    int q = rest.indexOf('?');
    String bucket = q < 0 ? rest : rest.substring(0, q);
    if (bucket.endsWith("/")) {
      bucket = bucket.substring(0, bucket.length() - 1);
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw invalid("the bucket name must be 3-63 lowercase letters, digits, dots or hyphens", url);
    }
    Map<String, String> params = q < 0 ? Map.of() : query(rest.substring(q + 1), url);
    URI endpoint = null;
    if (params.containsKey("endpoint")) {
      endpoint = endpoint(params.get("endpoint"), url);
    }
    String region = params.get("region");
    if (region != null && !region.matches("^[a-z0-9-]+$")) {
      throw invalid("region must look like us-east-1", url);
    }
    boolean pathStyle = bool(params.getOrDefault("path_style", "false"), "path_style", url);
    String prefix = params.getOrDefault("prefix", "");
    if (prefix.startsWith("/")) {
      throw invalid("prefix must not start with /", url);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    Duration grace = DEFAULT_SWEEP_GRACE;
    if (params.containsKey("sweep_grace")) {
      try {
        long seconds = Long.parseLong(params.get("sweep_grace"));
        if (seconds < 0) {
          throw new NumberFormatException();
        }
        grace = Duration.ofSeconds(seconds);
      } catch (NumberFormatException e) {
        throw invalid("sweep_grace must be a whole number of seconds", url);
      }
    }
    return new S3Location(bucket, endpoint, region, pathStyle, prefix, grace);
  }

  private static Map<String, String> query(String query, String url) {
    Map<String, String> params = new HashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid("each parameter must be name=value, got '" + pair + "'", url);
      }
      String name = pair.substring(0, eq);
      if (!PARAMS.contains(name)) {
        throw invalid("unknown parameter '" + name + "' (known: " + known() + ")", url);
      }
      String value;
      try {
        value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalid("parameter '" + name + "' is not properly percent-encoded", url);
      }
      if (params.put(name, value) != null) {
        throw invalid("parameter '" + name + "' is given twice", url);
      }
    }
    return params;
  }

  private static URI endpoint(String value, String url) {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw invalid("endpoint must be an http:// or https:// URL with a host", url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid("endpoint is not a URL", url);
    }
  }

  private static boolean bool(String value, String name, String url) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name + " must be true or false", url);
    };
  }

  private static String known() {
    return String.join(", ", PARAMS.stream().sorted().toList());
  }

  private static IllegalArgumentException invalid(String why, String url) {
    return new IllegalArgumentException(
        "ASSET_STORE_BLOB_URL: "
            + why
            + " (s3://bucket?endpoint=…&region=…&path_style=true): "
            + url);
  }
}

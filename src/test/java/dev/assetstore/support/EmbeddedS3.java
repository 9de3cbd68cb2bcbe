package dev.assetstore.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.Constants;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in this JVM: s3proxy on loopback with its filesystem backend in a temporary
 * directory, checking AWS signatures (v2 or v4) against a fixed identity. {@link #shared()} is
 * started once per JVM; {@link #startNew()} gives a private one a test may stop and start.
 */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "asset-store-test";
  public static final String SECRET_KEY = "asset-store-test-secret-4f1c2e9b";
  public static final String REGION = "us-east-1";

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static EmbeddedS3 shared;
  private static final Map<URI, EmbeddedS3> RUNNING =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path dir;
  private final URI endpoint;
  private final S3Proxy proxy;
  private final StrictMultipartUploads store;
  private final S3Client client;
  private boolean running;

  private EmbeddedS3() throws Exception {
    dir = Files.createTempDirectory("s3proxy");
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    p.setProperty(Constants.PROPERTY_IDENTITY, ACCESS_KEY);
    p.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET_KEY);
    // A fixed port, so a stopped proxy comes back where clients expect it.
    endpoint = URI.create("http://127.0.0.1:" + freePort());
    store = new StrictMultipartUploads(BlobStores.create("filesystem", p));
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(endpoint)
            .build();
    client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
    start();
    RUNNING.put(endpoint, this);
  }

  /** The proxy listening at {@code endpoint}. */
  public static EmbeddedS3 at(URI endpoint) {
    EmbeddedS3 s = RUNNING.get(endpoint);
    if (s == null) {
      throw new IllegalArgumentException("no embedded S3 at " + endpoint);
    }
    return s;
  }

  /** The JVM's one s3proxy, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedS3 shared() {
    if (shared == null) {
      shared = startNew();
      EmbeddedS3 s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return shared;
  }

  /** A private s3proxy (close it when done). */
  public static EmbeddedS3 startNew() {
    useCredentials();
    try {
      return new EmbeddedS3();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
  }

  /**
   * Hands the identity to the standard AWS credentials chain of servers in this JVM, and keeps the
   * SDK from asking the EC2 metadata service (there is none, and nothing may leave the machine).
   */
  public static void useCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  /** The same for a server in another process ({@link ProcessServer}). */
  public static Map<String, String> credentialsEnv() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  /**
   * Runs {@code hook} once, when the next multipart upload into {@code bucket} has been completed
   * and before its client is answered (e.g. to kill the client's process right there).
   */
  public void onNextCompletion(String bucket, Runnable hook) {
    store.onNextCompletion(bucket, hook);
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client client() {
    return client;
  }

  /** Creates an empty bucket. */
  public String freshBucket() {
    String bucket = "test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    client.createBucket(r -> r.bucket(bucket));
    return bucket;
  }

  /** Creates an empty bucket and returns its ASSET_STORE_BLOB_URL. */
  public String freshBucketUrl() {
    return url(freshBucket(), "");
  }

  /**
   * The blob URL of a bucket. The sweep grace is 0: a test server is the only writer, so the
   * startup sweep may remove everything unreferenced at once, as on disk.
   */
  public String url(String bucket, String prefix) {
    return "s3://"
        + bucket
        + "?endpoint="
        + URLEncoder.encode(endpoint.toString(), StandardCharsets.UTF_8)
        + "&region="
        + REGION
        + "&path_style=true&sweep_grace=0"
        + (prefix.isEmpty() ? "" : "&prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
  }

  /** Objects in the bucket. */
  public long objectCount(String bucket) {
    long n = 0;
    for (var page : client.listObjectsV2Paginator(r -> r.bucket(bucket))) {
      n += page.contents().size();
    }
    return n;
  }

  /** Multipart uploads started in the bucket and neither completed nor aborted. */
  public long incompleteUploadCount(String bucket) {
    long n = 0;
    for (var page : client.listMultipartUploadsPaginator(r -> r.bucket(bucket))) {
      n += page.uploads().size();
    }
    return n;
  }

  /** Stops answering (connections are refused) until {@link #start()}. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    try {
      proxy.stop();
      running = false;
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    }
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    try {
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
      running = true;
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
  }

  @Override
  public void close() {
    RUNNING.remove(endpoint);
    stop();
    client.close();
    TestServer.deleteRecursively(dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

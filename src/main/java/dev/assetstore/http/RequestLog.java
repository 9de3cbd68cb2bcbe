package dev.assetstore.http;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line and one timer sample per request, named by operation id. It logs the route
 * template, never the query string, headers or bodies, so no key, token or password can leak.
 */
public final class RequestLog implements Handler<RoutingContext> {
  public static final String OP = "op";
  public static final String ROUTE = "route";
  private static final Logger LOG = LoggerFactory.getLogger("request");
  private static final Pattern GIVEN_ID = Pattern.compile("[A-Za-z0-9._-]+");
  private final MeterRegistry registry;
  private final DistributionSummary bytesIn;
  private final DistributionSummary bytesOut;

  /** The meters of one (operation, method, status), registered once, not looked up per request. */
  private record Key(String op, String method, int status) {}

  private record Meters(Timer timer, DistributionSummary in, DistributionSummary out) {}

  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

  public RequestLog(MeterRegistry registry) {
    this.registry = registry;
    this.bytesIn =
        DistributionSummary.builder("asset_store.http.bytes.in")
            .baseUnit("bytes")
            .register(registry);
    this.bytesOut =
        DistributionSummary.builder("asset_store.http.bytes.out")
            .baseUnit("bytes")
            .register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String given = ctx.request().getHeader("X-Request-Id");
    String rid =
        given != null && given.length() <= 64 && GIVEN_ID.matcher(given).matches()
            ? given
            : randomId();
    ctx.put("rid", rid);
    ctx.response().putHeader(AsciiHeaders.REQUEST_ID, AsciiHeaders.of(rid));
    ctx.addEndHandler(ar -> done(ctx, start, rid));
    ctx.next();
  }

  /**
   * A version-4 UUID from a non-blocking generator: request ids must be unique, not unguessable,
   * and {@link UUID#randomUUID()} serialises every event loop on one SecureRandom.
   */
  static String randomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private Meters register(Key k) {
    Timer timer =
        Timer.builder("asset_store.http.requests")
            .tag("op", k.op())
            .tag("method", k.method())
            .tag("status", Integer.toString(k.status()))
            .register(registry);
    // Per operation, so upload sizes (asset.upload in) and download sizes (asset.download out)
    // can be read straight off /metrics.
    DistributionSummary in =
        DistributionSummary.builder("asset_store.http.bytes.in")
            .baseUnit("bytes")
            .tag("op", k.op())
            .register(registry);
    DistributionSummary out =
        DistributionSummary.builder("asset_store.http.bytes.out")
            .baseUnit("bytes")
            .tag("op", k.op())
            .register(registry);
    return new Meters(timer, in, out);
  }

  private void done(RoutingContext ctx, long start, String rid) {
    long nanos = System.nanoTime() - start;
    String op = ctx.get(OP) == null ? "unmatched" : ctx.get(OP);
    int status = ctx.response().getStatusCode();
    long in = ctx.request().bytesRead();
    long out = ctx.response().bytesWritten();
    Meters m =
        meters.computeIfAbsent(new Key(op, ctx.request().method().name(), status), this::register);
    m.timer().record(nanos, TimeUnit.NANOSECONDS);
    m.in().record(in);
    m.out().record(out);
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", java.time.Instant.now().toString());
    line.put("request_id", rid);
    line.put("op", op);
    line.put("method", ctx.request().method().name());
    line.put("route", ctx.get(ROUTE) == null ? "-" : ctx.get(ROUTE));
    line.put("status", status);
    line.put("duration_ms", nanos / 1_000_000.0);
    line.put("bytes_in", in);
    line.put("bytes_out", out);
    var p = Authenticate.principal(ctx);
    line.put("principal", p == null ? null : p.type() + ":" + p.id());
    try {
      LOG.info(Json.MAPPER.writeValueAsString(line));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      LOG.info("{\"request_id\":\"{}\",\"op\":\"{}\",\"status\":{}}", rid, op, status);
    }
  }
}

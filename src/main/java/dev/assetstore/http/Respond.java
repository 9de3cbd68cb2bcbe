package dev.assetstore.http;

import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.listing.QueryValues;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The common handler shape: blocking work on a virtual thread, then JSON or a failure. */
public final class Respond {
  private Respond() {}

  public static void json(RoutingContext ctx, int status, Callable<Object> work) {
    Blocking.call(work).onSuccess(body -> Json.send(ctx, status, body)).onFailure(ctx::fail);
  }

  public static void noContent(RoutingContext ctx, Blocking.Work work) {
    Blocking.run(work).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /** The {@code hydrate} flag of single-record reads (default true). */
  public static boolean hydrate(RoutingContext ctx) {
    List<Problem> problems = new ArrayList<>();
    boolean h = QueryValues.bool(Params.query(ctx), "hydrate", true, problems);
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    return h;
  }
}

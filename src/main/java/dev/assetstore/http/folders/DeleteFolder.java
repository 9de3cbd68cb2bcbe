package dev.assetstore.http.folders;

import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.store.Problem;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.folders.FolderService;
import dev.assetstore.store.listing.QueryValues;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code DELETE /api/store/folder/{id}[?recursive=true]} — folder.delete */
public final class DeleteFolder implements Handler<RoutingContext> {
  private final FolderService folders;

  public DeleteFolder(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<Problem> problems = new ArrayList<>();
    boolean recursive = QueryValues.bool(Params.query(ctx), "recursive", false, problems);
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    String id = ctx.pathParam("id");
    Respond.noContent(ctx, () -> folders.delete(id, recursive));
  }
}

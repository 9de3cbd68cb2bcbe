package dev.assetstore.store.auth;

import dev.assetstore.db.Actor;
import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.MetadataStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Resolves {@code created_by} references to {@code {id, type, name}} in one query per page. */
public final class Creators {
  private final MetadataStore store;

  public Creators(MetadataStore store) {
    this.store = store;
  }

  public Map<Actor, ActorView> resolve(Collection<Actor> actors) {
    Set<String> keyIds =
        actors.stream()
            .filter(a -> a != null && a.type().equals("api_key"))
            .map(Actor::id)
            .collect(Collectors.toSet());
    Map<Actor, ActorView> out = new HashMap<>();
    List<ApiKeyRow> keys = store.apiKeys(keyIds);
    Map<String, String> labels =
        keys.stream().collect(Collectors.toMap(ApiKeyRow::id, ApiKeyRow::label));
    for (Actor a : actors) {
      if (a != null) {
        out.put(a, new ActorView(a.id(), a.type(), labels.get(a.id())));
      }
    }
    return out;
  }
}

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
    Set<String> userIds =
        actors.stream()
            .filter(a -> a != null && a.type().equals("user"))
            .map(Actor::id)
            .collect(Collectors.toSet());
    Map<String, String> usernames =
        store.accounts().users(userIds).stream()
            .collect(
                Collectors.toMap(
                    dev.assetstore.db.UserRow::id, dev.assetstore.db.UserRow::username));
    for (Actor a : actors) {
      if (a != null) {
        String name = a.type().equals("user") ? usernames.get(a.id()) : labels.get(a.id());
        out.put(a, new ActorView(a.id(), a.type(), name));
      }
    }
    return out;
  }
}

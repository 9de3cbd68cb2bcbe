package dev.assetstore.store.zip;

import dev.assetstore.store.Names;
import java.util.HashSet;
import java.util.Set;

/** Makes entry names unique inside one archive: {@code a.png}, {@code a (1).png}, … */
public final class ZipNames {
  private final Set<String> used = new HashSet<>();

  public String unique(String name) {
    String candidate = name;
    for (int n = 1; !used.add(candidate); n++) {
      candidate = Names.numbered(name, n);
    }
    return candidate;
  }
}

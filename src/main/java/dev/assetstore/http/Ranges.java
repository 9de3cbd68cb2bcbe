package dev.assetstore.http;

/** RFC 9110 byte ranges: one range is served as 206; anything else we cannot honour is ignored. */
public final class Ranges {
  private Ranges() {}

  /** A satisfiable slice of the representation. */
  public record Slice(long offset, long length) {
    public String contentRange(long size) {
      return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }
  }

  /** Thrown for a syntactically valid range that does not overlap the representation. */
  public static final class Unsatisfiable extends RuntimeException {
    public Unsatisfiable() {
      super(null, null, false, false);
    }
  }

  /** Null means "send everything" (no header, bad syntax, or several ranges). */
  public static Slice parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = h.substring(6).trim();
    if (spec.contains(",")) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    try {
      if (first.isEmpty()) {
        if (last.isEmpty()) {
          return null;
        }
        long suffix = Long.parseLong(last);
        if (suffix < 0) {
          return null;
        }
        if (suffix == 0 || size == 0) {
          throw new Unsatisfiable();
        }
        long len = Math.min(suffix, size);
        return new Slice(size - len, len);
      }
      long start = Long.parseLong(first);
      long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
      if (start < 0 || end < start) {
        return null;
      }
      if (start >= size) {
        throw new Unsatisfiable();
      }
      end = Math.min(end, size - 1);
      return new Slice(start, end - start + 1);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

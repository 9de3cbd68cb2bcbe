package dev.assetstore.store;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parser's bounds for every JSON the clients send (request bodies, and the {@code tags} and
 * {@code metadata} form fields of an upload). Input beyond them is "not valid JSON" (422), found
 * while parsing, before any tree is built that deep or that large.
 */
public final class JsonLimits {
  /** Nesting of objects and arrays. */
  public static final int MAX_DEPTH = 64;

  /** One string value, in characters. */
  public static final int MAX_STRING_CHARS = 1024 * 1024;

  /** One number literal, in characters. */
  public static final int MAX_NUMBER_CHARS = 1000;

  /** One object key, in characters. */
  public static final int MAX_NAME_CHARS = 1024;

  private JsonLimits() {}

  /** Applies the bounds to a mapper's parser factory; returns the mapper. */
  public static ObjectMapper apply(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_CHARS)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxNameLength(MAX_NAME_CHARS)
                .build());
    return mapper;
  }
}

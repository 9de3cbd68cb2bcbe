package dev.assetstore.store.previews;

import dev.assetstore.store.ApiError;

/** The source cannot be previewed: corrupt, truncated, too large, or too slow. Always 422. */
final class Unreadable {
  private Unreadable() {}

  static ApiError corrupt() {
    return new ApiError(422, "The file is corrupt or truncated; no preview can be made");
  }

  static ApiError tooLarge(long w, long h) {
    return new ApiError(
        422,
        "The image is "
            + w
            + " x "
            + h
            + " pixels; previews are made of images up to "
            + Renderer.MAX_PIXELS / 1_000_000
            + " megapixels");
  }

  static ApiError tooSlow() {
    return new ApiError(
        422, "The preview took longer than " + RenderPool.TIME_LIMIT_SECONDS + " s to render");
  }
}

package dev.assetstore.store.previews;

import java.awt.image.BufferedImage;

/**
 * A decoded source, upright, possibly at reduced resolution, with the size the source itself has
 * (upright too), which bounds the preview: previews are never enlarged.
 */
record Decoded(BufferedImage image, int naturalWidth, int naturalHeight) {}

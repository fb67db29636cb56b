package dev.dmsb.dockerfile.check;

import java.util.Optional;

/**
 * Looks up a base image's config for the checks that need it. The check package reads no engine or
 * registry: the caller plugs one in, or {@link #NONE}, and those checks then say less.
 */
@FunctionalInterface
public interface BaseImages {
  /** Knows no image. */
  BaseImages NONE = (reference, platform) -> Optional.empty();

  /**
   * The config of {@code reference} (as FROM names it, ARGs expanded) for {@code platform} (e.g.
   * {@code linux/amd64}), or empty when it cannot be read.
   */
  Optional<ImageFacts> facts(String reference, String platform);
}

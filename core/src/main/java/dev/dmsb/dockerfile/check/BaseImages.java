package dev.dmsb.dockerfile.check;

import java.util.Optional;

/**
 * Looks up a base image's config for the checks that need it (InvalidBaseImagePlatform, and
 * UndefinedVar and JSONArgsRecommended with the image's Env, Shell and ONBUILD triggers). The check
 * package reads no engine or registry: the caller plugs one in, or {@link #NONE}, and those checks
 * then say less.
 */
@FunctionalInterface
public interface BaseImages {
  /** Knows no image, and is not asked to: the checks that need one stay quiet. */
  BaseImages NONE = (reference, platform) -> Optional.empty();

  /**
   * The config of {@code reference} (as FROM names it, ARGs expanded) resolved for {@code platform}
   * (e.g. {@code linux/amd64}), or empty when it is not looked up.
   *
   * @throws Unavailable when it was looked up and could not be read; the linter then says which
   *     checks did not run for that image, and why
   */
  Optional<ImageFacts> facts(String reference, String platform) throws Unavailable;

  /**
   * Told before the first {@link #facts} call which images the lint will ask for, each as {@code
   * reference} and {@code platform}, so that a lookup that goes over the network may start them all
   * at once. Does nothing by default.
   */
  default void prepare(java.util.List<java.util.Map.Entry<String, String>> references) {}

  /** A base image that was looked up and could not be read (unreachable, unknown, timed out). */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason one line: what failed and where ({@code registry 127.0.0.1:5000 did not
     *     answer})
     */
    public Unavailable(String reason) {
      super(reason);
    }
  }
}

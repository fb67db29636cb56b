package dev.dmsb.api;

/**
 * Which of the engine's build backends runs a build: BuildKit or the legacy (classic) builder, as
 * {@code DOCKER_BUILDKIT=1|0} chooses for {@code docker build}.
 */
public enum BuildBackend {
  /** BuildKit; the build fails if the engine does not offer it. */
  BUILDKIT,
  /** The legacy (classic) builder. */
  LEGACY,
  /** BuildKit when the engine offers it, else the legacy builder. */
  AUTO;

  /** The deprecated name of this backend. */
  @SuppressWarnings("deprecation")
  Builder legacyName() {
    return Builder.valueOf(name());
  }
}

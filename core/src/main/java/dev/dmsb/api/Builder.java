package dev.dmsb.api;

/**
 * Which of the engine's builders runs a build.
 *
 * @deprecated the name read like the builder pattern (the builder is {@link BuildPlan}); use {@link
 *     BuildBackend}, which has the same constants. It stays, deprecated, for one release.
 */
@Deprecated(since = "0.1.0")
public enum Builder {
  /** BuildKit; the build fails if the engine does not offer it. */
  BUILDKIT,
  /** The legacy (classic) builder. */
  LEGACY,
  /** BuildKit when the engine offers it, else the legacy builder. */
  AUTO;

  /** The same choice under its new name. */
  public BuildBackend backend() {
    return BuildBackend.valueOf(name());
  }
}

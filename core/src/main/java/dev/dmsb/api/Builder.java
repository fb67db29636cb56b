package dev.dmsb.api;

/** Which of the engine's builders runs a build. */
public enum Builder {
  /** BuildKit; the build fails if the engine does not offer it. */
  BUILDKIT,
  /** The legacy (classic) builder. */
  LEGACY,
  /** BuildKit when the engine offers it, else the legacy builder. */
  AUTO
}

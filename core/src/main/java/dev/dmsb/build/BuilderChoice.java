package dev.dmsb.build;

/** Which builder a build asks for: {@code --builder buildkit|legacy|auto}. */
public enum BuilderChoice {
  /** BuildKit ({@code version=2}); fails if the engine lacks it. */
  BUILDKIT,
  /** The legacy builder ({@code version=1}). */
  LEGACY,
  /** BuildKit when the engine supports it, else the legacy builder. */
  AUTO
}

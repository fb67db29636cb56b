package dev.dmsb.build;

/** Which builder a build asks for: {@code --builder buildkit|legacy|buildah|auto}. */
public enum BuilderChoice {
  /** BuildKit ({@code version=2}); fails if the engine lacks it. */
  BUILDKIT,
  /** The legacy builder ({@code version=1}). */
  LEGACY,
  /** Buildah, Podman's builder (its classic build API); fails on Docker, which has none. */
  BUILDAH,
  /** BuildKit when the engine supports it, else the legacy builder. */
  AUTO
}

package dev.dmsb.dockerfile.graph;

/** Which engine's rules resolve stage references and decide what gets built. */
public enum Semantics {
  /**
   * BuildKit: FROM names match earlier stages exactly as written (case-sensitive), {@code --from}
   * names case-insensitively; only stages the target needs are built.
   */
  BUILDKIT,
  /**
   * The legacy builder: names case-insensitive and only already built stages count; every stage up
   * to the target is built; duplicate names and RUN flags are errors.
   */
  LEGACY
}

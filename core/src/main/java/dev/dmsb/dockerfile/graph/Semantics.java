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
  LEGACY,
  /**
   * Buildah (Podman 4.3.1, Buildah 1.28): names match exactly as written, case-sensitively, in
   * FROM, {@code --from}, {@code from=} and the target; {@code FROM <index>} and {@code --from}
   * take only stages defined before (an index names the stage); a later duplicate name is no error;
   * only the stages the target needs are built; RUN flags and {@code --chmod} are accepted. The
   * corpus' {@code buildah.*} lines record each of these against the engine.
   */
  BUILDAH
}

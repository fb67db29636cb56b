package dev.dmsb.dockerfile.graph;

import java.util.Map;

/**
 * How to read the stage graph.
 *
 * @param buildArgs {@code --build-arg} values; applied only to ARGs the file declares (plus the
 *     automatic platform ARGs)
 * @param target the {@code --target} stage name, or {@code null} for the last stage
 * @param semantics BuildKit or legacy rules
 */
public record GraphOptions(Map<String, String> buildArgs, String target, Semantics semantics) {
  public GraphOptions {
    buildArgs = Map.copyOf(buildArgs);
    semantics = semantics == null ? Semantics.BUILDKIT : semantics;
  }

  /** No build args, the last stage, BuildKit. */
  public static GraphOptions defaults() {
    return new GraphOptions(Map.of(), null, Semantics.BUILDKIT);
  }

  /** The same options with another target. */
  public GraphOptions withTarget(String newTarget) {
    return new GraphOptions(buildArgs, newTarget, semantics);
  }
}

package dev.dmsb.dockerfile.graph;

import java.util.Map;

/**
 * How to read the stage graph.
 *
 * @param buildArgs {@code --build-arg} values; applied only to ARGs the file declares (plus the
 *     automatic platform ARGs)
 * @param target the {@code --target} stage name, or {@code null} for the last stage
 * @param semantics BuildKit or legacy rules
 * @param platform the build's target platform ({@code --platform}, e.g. {@code linux/arm64}), or
 *     {@code null} for this machine's: it sets BuildKit's TARGETPLATFORM, TARGETOS, TARGETARCH and
 *     TARGETVARIANT
 */
public record GraphOptions(
    Map<String, String> buildArgs, String target, Semantics semantics, String platform) {
  public GraphOptions {
    buildArgs = Map.copyOf(buildArgs);
    semantics = semantics == null ? Semantics.BUILDKIT : semantics;
    platform = platform == null || platform.isBlank() ? null : platform.strip();
  }

  /** Options for this machine's platform. */
  public GraphOptions(Map<String, String> buildArgs, String target, Semantics semantics) {
    this(buildArgs, target, semantics, null);
  }

  /** No build args, the last stage, BuildKit. */
  public static GraphOptions defaults() {
    return new GraphOptions(Map.of(), null, Semantics.BUILDKIT);
  }

  /** The same options with another target. */
  public GraphOptions withTarget(String newTarget) {
    return new GraphOptions(buildArgs, newTarget, semantics, platform);
  }

  /** The same options for the target platform {@code newPlatform} (null: this machine's). */
  public GraphOptions withPlatform(String newPlatform) {
    return new GraphOptions(buildArgs, target, semantics, newPlatform);
  }
}

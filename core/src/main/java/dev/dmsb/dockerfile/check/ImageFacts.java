package dev.dmsb.dockerfile.check;

import java.util.List;

/**
 * What the linter may know of a base image from its config: its platform (for
 * InvalidBaseImagePlatform), its environment and ONBUILD triggers (for UndefinedVar) and its SHELL
 * (for JSONArgsRecommended).
 *
 * @param os e.g. {@code linux}
 * @param architecture e.g. {@code amd64}
 * @param variant e.g. {@code v8}, or ""
 * @param env the config's {@code Env}, {@code KEY=value} each
 * @param shell the config's {@code Shell}, empty when unset
 * @param onBuild the config's {@code OnBuild}: instructions a stage built on the image runs first
 */
public record ImageFacts(
    String os,
    String architecture,
    String variant,
    List<String> env,
    List<String> shell,
    List<String> onBuild) {
  public ImageFacts {
    variant = variant == null ? "" : variant;
    env = List.copyOf(env);
    shell = List.copyOf(shell);
    onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
  }

  /** Facts of an image without ONBUILD triggers. */
  public ImageFacts(
      String os, String architecture, String variant, List<String> env, List<String> shell) {
    this(os, architecture, variant, env, shell, List.of());
  }
}

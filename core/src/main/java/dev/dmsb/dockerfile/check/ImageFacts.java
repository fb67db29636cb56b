package dev.dmsb.dockerfile.check;

import java.util.List;

/**
 * What the linter may know of a base image from its config: its platform (for
 * InvalidBaseImagePlatform), its environment (for UndefinedVar) and its SHELL (for
 * JSONArgsRecommended).
 *
 * @param os e.g. {@code linux}
 * @param architecture e.g. {@code amd64}
 * @param variant e.g. {@code v8}, or ""
 * @param env the config's {@code Env}, {@code KEY=value} each
 * @param shell the config's {@code Shell}, empty when unset
 */
public record ImageFacts(
    String os, String architecture, String variant, List<String> env, List<String> shell) {
  public ImageFacts {
    variant = variant == null ? "" : variant;
    env = List.copyOf(env);
    shell = List.copyOf(shell);
  }
}

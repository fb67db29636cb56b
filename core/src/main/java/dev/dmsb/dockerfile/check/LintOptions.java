package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.GraphOptions;
import java.util.Set;

/**
 * How to lint.
 *
 * @param graph build args, target and semantics (BuildKit or legacy)
 * @param checks rules to skip or to raise to errors ({@code --skip}, {@code --error-on}); the
 *     file's own {@code # check=} directive is added to them
 * @param images base image configs, for the checks that need them
 * @param ignore the build context's {@code .dockerignore}, for CopyIgnoredFile
 * @param secrets the secret IDs the build supplies ({@code --secret}), or null when no build is
 *     meant (then secret mounts are not checked)
 * @param ssh the SSH agent IDs the build supplies ({@code --ssh}), or null as for {@code secrets}
 */
public record LintOptions(
    GraphOptions graph,
    CheckConfig checks,
    BaseImages images,
    ContextIgnore ignore,
    Set<String> secrets,
    Set<String> ssh) {
  public LintOptions {
    graph = graph == null ? GraphOptions.defaults() : graph;
    checks = checks == null ? CheckConfig.defaults() : checks;
    images = images == null ? BaseImages.NONE : images;
    ignore = ignore == null ? ContextIgnore.NONE : ignore;
    secrets = secrets == null ? null : Set.copyOf(secrets);
    ssh = ssh == null ? null : Set.copyOf(ssh);
  }

  /** With the graph options only: a lint with no build in view. */
  public LintOptions(GraphOptions graph) {
    this(graph, null, null, null, null, null);
  }

  /** With these checks, base images and ignore file, and no build in view. */
  public LintOptions(
      GraphOptions graph, CheckConfig checks, BaseImages images, ContextIgnore ignore) {
    this(graph, checks, images, ignore, null, null);
  }

  /** BuildKit, last stage, no build args. */
  public static LintOptions defaults() {
    return new LintOptions(GraphOptions.defaults());
  }

  /** These options for a build that supplies {@code secretIds} and {@code sshIds}. */
  public LintOptions forBuild(Set<String> secretIds, Set<String> sshIds) {
    return new LintOptions(graph, checks, images, ignore, secretIds, sshIds);
  }

  /** The same options with these graph options (build args, target, platform). */
  public LintOptions withGraph(GraphOptions newGraph) {
    return new LintOptions(newGraph, checks, images, ignore, secrets, ssh);
  }

  /** The same options with these checks. */
  public LintOptions withChecks(CheckConfig newChecks) {
    return new LintOptions(graph, newChecks, images, ignore, secrets, ssh);
  }

  /** The same options reading base images with {@code lookup}. */
  public LintOptions withImages(BaseImages lookup) {
    return new LintOptions(graph, checks, lookup, ignore, secrets, ssh);
  }

  /** The same options with the context's {@code .dockerignore}. */
  public LintOptions withIgnore(ContextIgnore newIgnore) {
    return new LintOptions(graph, checks, images, newIgnore, secrets, ssh);
  }
}

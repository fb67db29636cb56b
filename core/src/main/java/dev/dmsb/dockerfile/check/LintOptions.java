package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.GraphOptions;

/**
 * How to lint.
 *
 * @param graph build args, target and semantics (BuildKit or legacy)
 * @param checks rules to skip or to raise to errors ({@code --skip}, {@code --error-on}); the
 *     file's own {@code # check=} directive is added to them
 * @param images base image configs, for the checks that need them
 * @param ignore the build context's {@code .dockerignore}, for CopyIgnoredFile
 */
public record LintOptions(
    GraphOptions graph, CheckConfig checks, BaseImages images, ContextIgnore ignore) {
  public LintOptions {
    graph = graph == null ? GraphOptions.defaults() : graph;
    checks = checks == null ? CheckConfig.defaults() : checks;
    images = images == null ? BaseImages.NONE : images;
    ignore = ignore == null ? ContextIgnore.NONE : ignore;
  }

  /** With the graph options only. */
  public LintOptions(GraphOptions graph) {
    this(graph, null, null, null);
  }

  /** BuildKit, last stage, no build args. */
  public static LintOptions defaults() {
    return new LintOptions(GraphOptions.defaults());
  }

  /** The same options with these checks. */
  public LintOptions withChecks(CheckConfig newChecks) {
    return new LintOptions(graph, newChecks, images, ignore);
  }

  /** The same options reading base images with {@code lookup}. */
  public LintOptions withImages(BaseImages lookup) {
    return new LintOptions(graph, checks, lookup, ignore);
  }

  /** The same options with the context's {@code .dockerignore}. */
  public LintOptions withIgnore(ContextIgnore newIgnore) {
    return new LintOptions(graph, checks, images, newIgnore);
  }
}

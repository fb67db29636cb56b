package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.GraphOptions;

/**
 * How to lint.
 *
 * @param graph build args, target and semantics (BuildKit or legacy)
 */
public record LintOptions(GraphOptions graph) {
  public LintOptions {
    graph = graph == null ? GraphOptions.defaults() : graph;
  }

  /** BuildKit, last stage, no build args. */
  public static LintOptions defaults() {
    return new LintOptions(GraphOptions.defaults());
  }
}

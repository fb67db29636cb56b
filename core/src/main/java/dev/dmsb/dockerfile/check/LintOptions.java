package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.GraphOptions;
import java.util.Set;

/**
 * How to lint.
 *
 * @param graph build args, target and semantics (BuildKit or legacy)
 * @param secrets the secret IDs the build supplies ({@code --secret}), or null when no build is
 *     meant (then secret mounts are not checked)
 * @param ssh the SSH agent IDs the build supplies ({@code --ssh}), or null as for {@code secrets}
 */
public record LintOptions(GraphOptions graph, Set<String> secrets, Set<String> ssh) {
  public LintOptions {
    graph = graph == null ? GraphOptions.defaults() : graph;
    secrets = secrets == null ? null : Set.copyOf(secrets);
    ssh = ssh == null ? null : Set.copyOf(ssh);
  }

  /** Options for a lint with no build in view. */
  public LintOptions(GraphOptions graph) {
    this(graph, null, null);
  }

  /** These options for a build that supplies {@code secretIds} and {@code sshIds}. */
  public LintOptions forBuild(Set<String> secretIds, Set<String> sshIds) {
    return new LintOptions(graph, secretIds, sshIds);
  }

  /** BuildKit, last stage, no build args. */
  public static LintOptions defaults() {
    return new LintOptions(GraphOptions.defaults());
  }
}

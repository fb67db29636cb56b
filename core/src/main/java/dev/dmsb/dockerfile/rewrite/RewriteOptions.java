package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.graph.GraphOptions;

/**
 * Which rewrites to make, for which build.
 *
 * @param graph build args, target and builder semantics of the build the file is rewritten for
 * @param canonicalReferences write stage indices and differently-cased references as the stage's
 *     name (naming unnamed stages that are referenced), and stage names in lower case
 * @param prune remove the stages the target does not use
 * @param expandArgs write {@code FROM ${VAR}} with the value used for this build
 * @param pin when not {@code null}, pin every external image to the digest it answers
 */
public record RewriteOptions(
    GraphOptions graph,
    boolean canonicalReferences,
    boolean prune,
    boolean expandArgs,
    DigestResolver pin) {
  public RewriteOptions {
    graph = graph == null ? GraphOptions.defaults() : graph;
  }

  /** The default rewrite: canonical references only, for the last stage under BuildKit. */
  public static RewriteOptions defaults() {
    return new RewriteOptions(GraphOptions.defaults(), true, false, false, null);
  }

  /** The same options for another build. */
  public RewriteOptions withGraph(GraphOptions newGraph) {
    return new RewriteOptions(newGraph, canonicalReferences, prune, expandArgs, pin);
  }

  /** The same options with pruning on or off. */
  public RewriteOptions withPrune(boolean on) {
    return new RewriteOptions(graph, canonicalReferences, on, expandArgs, pin);
  }

  /** The same options with ARG expansion in FROM on or off. */
  public RewriteOptions withExpandArgs(boolean on) {
    return new RewriteOptions(graph, canonicalReferences, prune, on, pin);
  }

  /** The same options pinning images with {@code resolver} ({@code null}: no pinning). */
  public RewriteOptions withPin(DigestResolver resolver) {
    return new RewriteOptions(graph, canonicalReferences, prune, expandArgs, resolver);
  }
}

package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.EdgeKind;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import java.util.ArrayList;
import java.util.List;

/**
 * What each reference of the file binds to once rewritten. References follow the build's semantics,
 * except a FROM that BuildKit would take as an image while the legacy builder binds it to a stage
 * ({@code FROM Builder} after {@code AS builder}, {@code FROM 0}): BuildKit fails on those, so they
 * are taken as the legacy builder reads them and then written so both agree.
 */
final class Bindings {
  private final List<Edge> edges;
  private final List<StageRef> targets;

  private Bindings(List<Edge> edges, List<StageRef> targets) {
    this.edges = edges;
    this.targets = targets;
  }

  /**
   * Merges the build's graph with the legacy reading of the same instructions. Both graphs list
   * their edges in the same order (file order, base first), so they are zipped.
   */
  static Bindings of(StageGraph graph, StageGraph legacy) {
    List<Edge> edges = graph.edges();
    List<StageRef> targets = new ArrayList<>(edges.size());
    for (int i = 0; i < edges.size(); i++) {
      Edge e = edges.get(i);
      StageRef t = e.target();
      if (e.kind() == EdgeKind.FROM
          && t instanceof StageRef.ExternalImage
          && i < legacy.edges().size()
          && legacy.edges().get(i).target().stageIndex().isPresent()) {
        t = legacy.edges().get(i).target();
      }
      targets.add(t);
    }
    return new Bindings(edges, targets);
  }

  /** Number of references. */
  int size() {
    return edges.size();
  }

  /** The i-th reference as the graph read it. */
  Edge edge(int i) {
    return edges.get(i);
  }

  /** What the i-th reference binds to. */
  StageRef target(int i) {
    return targets.get(i);
  }

  /** The stage index the i-th reference binds to, or -1. */
  int targetStage(int i) {
    return targets.get(i).stageIndex().orElse(-1);
  }

  /** The stages {@code target} uses, itself included, following the bindings transitively. */
  boolean[] reachableFrom(int target, int stageCount) {
    boolean[] seen = new boolean[stageCount];
    List<Integer> todo = new ArrayList<>();
    seen[target] = true;
    todo.add(target);
    while (!todo.isEmpty()) {
      int s = todo.remove(todo.size() - 1);
      for (int i = 0; i < edges.size(); i++) {
        int t = targetStage(i);
        if (edges.get(i).stage().index() == s && t >= 0 && t < stageCount && !seen[t]) {
          seen[t] = true;
          todo.add(t);
        }
      }
    }
    return seen;
  }
}

package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Suggestion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/** The target and the stages it does not need. */
final class TargetChecks {
  private final StageGraph graph;
  private final Findings f;

  TargetChecks(StageGraph graph, Findings f) {
    this.graph = graph;
    this.f = f;
  }

  void run() {
    if (graph.stages().isEmpty()) {
      return;
    }
    String wanted = graph.options().target();
    if (graph.target().isEmpty()) {
      Set<String> names = new LinkedHashSet<>();
      for (Stage s : graph.stages()) {
        if (s.lowerName() != null) {
          names.add(s.lowerName());
        }
      }
      String near = Suggestion.closest(wanted, names);
      f.add(
          Rules.UNKNOWN_TARGET,
          graph.stages().get(0).from().range(),
          "target stage \""
              + wanted
              + "\" could not be found"
              + (near == null ? "" : " (did you mean " + near + "?)"),
          null,
          near != null
              ? near
              : names.isEmpty() ? "name a stage with AS" : "one of: " + String.join(", ", names));
      return;
    }
    Stage target = graph.target().get();
    boolean[] needed = needed(target);
    boolean legacy = graph.options().semantics() == Semantics.LEGACY;
    for (Stage s : graph.stages()) {
      if (needed[s.index()]) {
        continue;
      }
      String msg;
      if (legacy && s.index() < target.index()) {
        msg =
            s.label()
                + " is not used by the target, "
                + target.label()
                + ", but the legacy builder builds it anyway";
      } else {
        msg = s.label() + " is not used by the target, " + target.label() + ", and is not built";
      }
      f.add(
          Rules.UNREACHABLE_STAGE,
          s.from().node().keyword().range(),
          msg,
          s,
          s.isNamed()
              ? "remove the stage, or build it with --target " + s.displayName()
              : "remove the stage, or name it with AS to build it with --target");
    }
  }

  /** Stages the target depends on, transitively (BuildKit's reachable set). */
  private boolean[] needed(Stage target) {
    boolean[] seen = new boolean[graph.stages().size()];
    Deque<Integer> todo = new ArrayDeque<>();
    todo.push(target.index());
    seen[target.index()] = true;
    while (!todo.isEmpty()) {
      int s = todo.pop();
      for (Edge e : graph.edgesFrom(graph.stages().get(s))) {
        int t = e.targetStage();
        if (t >= 0 && !seen[t]) {
          seen[t] = true;
          todo.push(t);
        }
      }
    }
    return seen;
  }
}

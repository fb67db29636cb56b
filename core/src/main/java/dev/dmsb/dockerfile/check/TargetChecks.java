package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Suggestion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    boolean[] buildable = buildable(target);
    boolean[] referenced = new boolean[graph.stages().size()];
    for (Edge e : graph.edges()) {
      if (e.targetStage() >= 0 && e.targetStage() != e.stage().index()) {
        referenced[e.targetStage()] = true;
      }
    }
    boolean legacy = graph.options().semantics() == Semantics.LEGACY;
    for (Stage s : graph.stages()) {
      if (needed[s.index()]) {
        continue;
      }
      String builtAnyway =
          legacy && s.index() < target.index() ? "; the legacy builder builds it anyway" : "";
      if (!buildable[s.index()]) {
        f.add(
            Rules.UNREACHABLE_STAGE,
            Severity.WARNING,
            s.from().node().keyword().range(),
            List.of(),
            s.label()
                + " can never be built: no stage uses it and no --target can name it"
                + (s.isNamed() ? " (a later stage has the same name)" : "")
                + builtAnyway,
            s,
            s.isNamed()
                ? "remove the stage, or rename it"
                : "remove the stage, or name it with AS");
      } else if (!referenced[s.index()]) {
        f.add(
            Rules.UNREACHABLE_STAGE,
            Severity.INFO,
            s.from().node().keyword().range(),
            List.of(),
            s.label()
                + " is not used by the target, "
                + target.label()
                + "; it is a target of its own"
                + builtAnyway,
            s,
            "build it with --target " + s.displayName());
      }
    }
  }

  /**
   * Stages some build can include: those the default target or a {@code --target} needs. A name
   * given to several stages targets the last of them (BuildKit); the others are shadowed.
   */
  private boolean[] buildable(Stage target) {
    boolean[] out = needed(target);
    Map<String, Stage> byName = new HashMap<>();
    for (Stage s : graph.stages()) {
      if (s.lowerName() != null) {
        byName.put(s.lowerName(), s);
      }
    }
    for (Stage s : byName.values()) {
      boolean[] n = needed(s);
      for (int i = 0; i < out.length; i++) {
        out[i] |= n[i];
      }
    }
    return out;
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

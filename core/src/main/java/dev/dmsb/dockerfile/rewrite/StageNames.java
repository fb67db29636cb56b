package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.Stage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The name each stage is referred to by after the rewrite: its own name lower-cased (how both
 * builders register it), or for an unnamed stage a new {@code stage<N>} that collides with no stage
 * name and no image named in the file.
 */
final class StageNames {
  private final List<Stage> stages;
  private final Set<String> taken = new HashSet<>();
  private final Map<Integer, String> assigned = new HashMap<>();

  StageNames(List<Stage> stages, List<Edge> edges) {
    this.stages = stages;
    for (Stage s : stages) {
      if (s.lowerName() != null) {
        taken.add(s.lowerName());
      }
      taken.add(s.baseName().toLowerCase(Locale.ROOT));
    }
    for (Edge e : edges) {
      taken.add(e.written().toLowerCase(Locale.ROOT));
    }
  }

  /** The name references to stage {@code index} are written with. */
  String nameOf(int index) {
    Stage s = stages.get(index);
    if (s.lowerName() != null) {
      return s.lowerName();
    }
    return assigned.computeIfAbsent(index, this::fresh);
  }

  /** Whether {@link #nameOf} gave stage {@code index} a new name, which its FROM must declare. */
  boolean isAssigned(int index) {
    return assigned.containsKey(index);
  }

  /** The new names, by stage index. */
  Map<Integer, String> assigned() {
    return Map.copyOf(assigned);
  }

  private String fresh(int index) {
    String name = "stage" + index;
    for (int k = 2; taken.contains(name); k++) {
      name = "stage" + index + "-" + k;
    }
    taken.add(name);
    return name;
  }
}

package dev.dmsb.cli;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nodes and edges of a stage graph, printed as Graphviz DOT or a Mermaid flowchart. */
final class GraphModel {
  /** A box (stage) or an image/scratch/invalid source. */
  record NodeView(String id, String label, String kind) {}

  /** An arrow from what is used to the stage using it. */
  record EdgeView(String from, String to, String label) {}

  private final Map<String, NodeView> nodes = new LinkedHashMap<>();
  private final List<EdgeView> edges = new ArrayList<>();

  static GraphModel of(StageGraph graph) {
    GraphModel m = new GraphModel();
    Stage target = graph.target().orElse(null);
    for (Stage s : graph.stages()) {
      String kind = s == target ? "target" : graph.isReachable(s) ? "stage" : "unreachable";
      String label =
          s.displayName()
              + " (stage "
              + s.index()
              + ", line "
              + s.line()
              + ")"
              + (s == target ? " [target]" : kind.equals("unreachable") ? " [not built]" : "");
      m.nodes.put("s" + s.index(), new NodeView("s" + s.index(), label, kind));
    }
    int images = 0;
    Map<String, String> imageIds = new LinkedHashMap<>();
    for (Edge e : graph.edges()) {
      String from;
      StageRef t = e.target();
      if (t.stageIndex().isPresent()) {
        from = "s" + t.stageIndex().getAsInt();
      } else {
        String key;
        String label;
        String kind;
        if (t instanceof StageRef.ExternalImage img) {
          key = "image:" + img.reference();
          label = img.reference();
          kind = "image";
        } else if (t instanceof StageRef.Scratch) {
          key = "scratch";
          label = "scratch";
          kind = "scratch";
        } else {
          key = "invalid:" + e.written();
          label = e.written() + " (invalid)";
          kind = "invalid";
        }
        String id = imageIds.get(key);
        if (id == null) {
          id = "i" + images++;
          imageIds.put(key, id);
          m.nodes.put(id, new NodeView(id, label, kind));
        }
        from = id;
      }
      m.edges.add(new EdgeView(from, "s" + e.stage().index(), e.kind().label()));
    }
    return m;
  }

  String dot() {
    StringBuilder sb = new StringBuilder("digraph dockerfile {\n  rankdir=LR;\n");
    for (NodeView n : nodes.values()) {
      String attrs =
          switch (n.kind()) {
            case "target" -> "shape=box, style=bold, peripheries=2";
            case "unreachable" -> "shape=box, style=dashed, color=gray, fontcolor=gray";
            case "image" -> "shape=ellipse";
            case "scratch" -> "shape=plaintext";
            case "invalid" -> "shape=octagon, color=red";
            default -> "shape=box";
          };
      sb.append("  ").append(n.id()).append(" [label=").append(dotString(n.label()));
      sb.append(", ").append(attrs).append("];\n");
    }
    for (EdgeView e : edges) {
      sb.append("  ").append(e.from()).append(" -> ").append(e.to());
      sb.append(" [label=").append(dotString(e.label())).append("];\n");
    }
    return sb.append("}\n").toString();
  }

  String mermaid() {
    StringBuilder sb = new StringBuilder("flowchart LR\n");
    for (NodeView n : nodes.values()) {
      String label = mermaidString(n.label());
      sb.append("  ").append(n.id());
      switch (n.kind()) {
        case "image" -> sb.append("([").append(label).append("])");
        case "scratch" -> sb.append(">").append(label).append("]");
        case "invalid" -> sb.append("{{").append(label).append("}}");
        default -> sb.append("[").append(label).append("]");
      }
      sb.append('\n');
    }
    for (EdgeView e : edges) {
      sb.append("  ").append(e.from()).append(" -->|").append(mermaidString(e.label()));
      sb.append("| ").append(e.to()).append('\n');
    }
    sb.append("  classDef target stroke-width:4px\n");
    sb.append("  classDef unreachable stroke-dasharray:5 5,color:#888\n");
    sb.append("  classDef invalid stroke:#d00\n");
    for (String kind : List.of("target", "unreachable", "invalid")) {
      List<String> ids =
          nodes.values().stream().filter(n -> n.kind().equals(kind)).map(NodeView::id).toList();
      if (!ids.isEmpty()) {
        sb.append("  class ").append(String.join(",", ids)).append(' ').append(kind).append('\n');
      }
    }
    return sb.toString();
  }

  private static String dotString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String mermaidString(String s) {
    return "\"" + s.replace("\"", "#quot;").replace("|", "#124;") + "\"";
  }
}

package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.EdgeKind;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Text;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The file's shape (instructions, stages) and the stages' names: valid, lower-case, unique. */
final class StageChecks {
  private final Dockerfile dockerfile;
  private final StageGraph graph;
  private final Findings f;
  private final boolean buildkit;
  private final Map<String, List<Stage>> byLowerName;

  StageChecks(Dockerfile dockerfile, StageGraph graph, Findings f) {
    this.dockerfile = dockerfile;
    this.graph = graph;
    this.f = f;
    // Buildah, like BuildKit, skips stages the target does not need and allows duplicate names
    this.buildkit = graph.options().semantics() != Semantics.LEGACY;
    this.byLowerName = byLowerName(graph);
  }

  void run() {
    SourceRange top = dockerfile.tree().lines().range(0, 0);
    if (dockerfile.instructions().isEmpty()) {
      String msg =
          dockerfile.tree().text().strip().replace("\uFEFF", "").isEmpty()
              ? "the Dockerfile cannot be empty"
              : "file with no instructions";
      f.add(Rules.EMPTY_DOCKERFILE, top, msg, null, "add a FROM instruction");
      return;
    }
    for (Instruction i : graph.instructionsBeforeFirstFrom()) {
      f.add(
          Rules.INSTRUCTION_BEFORE_FROM,
          i.node().keyword().range(),
          i.keyword() + " before the first FROM: no build stage in current context",
          null,
          "move it after a FROM; only ARG may come before the first FROM");
    }
    if (graph.stages().isEmpty()) {
      f.add(
          Rules.NO_STAGES,
          top,
          "dockerfile contains no stages to build",
          null,
          "add FROM <image> to start a stage");
      return;
    }
    for (Stage s : graph.stages()) {
      name(s);
    }
    duplicates();
  }

  private void name(Stage s) {
    if (s.name() == null) {
      return;
    }
    Text n = s.from().stageName();
    if (!isValidName(s.lowerName())) {
      f.add(
          Rules.INVALID_STAGE_NAME,
          n.range(),
          "invalid name for build stage: \""
              + s.name()
              + "\", name can't start with a number or contain symbols",
          s,
          "use a name that starts with a letter and holds only a-z, 0-9, '.', '_' and '-'");
      return;
    }
    if (!s.name().equals(s.lowerName())) {
      f.add(
          Rules.STAGE_NAME_CASING,
          n.range(),
          "Stage name '" + s.name() + "' should be lowercase",
          s,
          "AS " + s.lowerName());
    }
    if (s.lowerName().equals("scratch") || s.lowerName().equals("context")) {
      f.add(
          Rules.RESERVED_STAGE_NAME,
          n.range(),
          "Stage name should not use the same name as reserved stage \""
              + s.lowerName()
              + "\""
              + (!s.lowerName().equals("scratch")
                  ? ""
                  : graph.options().semantics() == Semantics.BUILDAH
                      ? "; Buildah takes a later 'FROM scratch' for the empty image, not this"
                          + " stage, so the name only misleads"
                      : "; later 'FROM scratch' will use this stage"),
          s,
          "rename the stage");
    }
  }

  static boolean isValidName(String lower) {
    if (lower.isEmpty() || lower.charAt(0) < 'a' || lower.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private void duplicates() {
    Map<Integer, List<Edge>> bound = new HashMap<>();
    for (Edge e : graph.edges()) {
      if (e.target() instanceof StageRef.Named n) {
        Stage t = graph.stages().get(n.stage());
        if (byLowerName.getOrDefault(t.lowerName(), List.of()).size() > 1) {
          bound.computeIfAbsent(n.stage(), k -> new ArrayList<>()).add(e);
        }
      }
    }
    for (List<Stage> group : byLowerName.values()) {
      if (group.size() < 2) {
        continue;
      }
      Stage first = group.get(0);
      StringBuilder binds = new StringBuilder();
      for (Stage g : group) {
        for (Edge e : bound.getOrDefault(g.index(), List.of())) {
          binds
              .append(binds.length() == 0 ? "; " : ", ")
              .append(e.kind() == EdgeKind.FROM ? "FROM" : e.kind().label() + "=" + e.written())
              .append(" on line ")
              .append(e.range().start().line())
              .append(" binds to the definition on line ")
              .append(g.line());
        }
      }
      for (Stage dup : group.subList(1, group.size())) {
        Severity sev = buildkit ? Severity.WARNING : Severity.ERROR;
        f.add(
            Rules.DUPLICATE_STAGE_NAME,
            sev,
            dup.from().stageName().range(),
            List.of(first.from().stageName().range()),
            "Duplicate stage name \""
                + dup.lowerName()
                + "\" (also on line "
                + first.line()
                + ")"
                + (buildkit ? "" : ": the legacy builder fails")
                + binds,
            dup,
            "rename one of the stages");
      }
    }
  }

  /** The stages by lower-cased name, in file order; unnamed stages left out. */
  static Map<String, List<Stage>> byLowerName(StageGraph graph) {
    Map<String, List<Stage>> byLowerName = new LinkedHashMap<>();
    for (Stage s : graph.stages()) {
      if (s.lowerName() != null) {
        byLowerName.computeIfAbsent(s.lowerName(), k -> new ArrayList<>()).add(s);
      }
    }
    return byLowerName;
  }
}

package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.EdgeKind;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Add;
import dev.dmsb.dockerfile.instruction.Copy;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Run;
import dev.dmsb.dockerfile.instruction.Suggestion;
import dev.dmsb.dockerfile.syntax.Flag;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code COPY --from} and {@code RUN --mount from=} references, cycles, legacy-only flags. */
final class ReferenceChecks {
  private final StageGraph graph;
  private final Findings f;
  private final boolean buildkit;
  private static final Pattern DISPLAY_NAME = Pattern.compile("stage-([0-9]+)");
  private final Set<String> names = new LinkedHashSet<>();

  ReferenceChecks(StageGraph graph, Findings f) {
    this.graph = graph;
    this.f = f;
    // Buildah, like BuildKit, builds only what the target needs and takes RUN flags and --chmod
    this.buildkit = graph.options().semantics() != Semantics.LEGACY;
    for (Stage s : graph.stages()) {
      if (s.lowerName() != null) {
        names.add(s.lowerName());
      }
    }
  }

  void run() {
    for (Edge e : graph.edges()) {
      if (e.kind() != EdgeKind.FROM) {
        reference(e);
      }
    }
    for (List<Edge> cycle : graph.cycles()) {
      cycle(cycle);
    }
    if (!buildkit) {
      for (Stage s : graph.stages()) {
        for (Instruction i : s.instructions()) {
          legacyOnly(s, i);
        }
      }
    }
  }

  private void reference(Edge e) {
    Stage s = e.stage();
    String what = e.kind() == EdgeKind.COPY_FROM ? "--from=" + e.written() : "from=" + e.written();
    StageRef t = e.target();
    if (t instanceof StageRef.Invalid inv) {
      if (inv.reason().startsWith("invalid stage index")) {
        int count = graph.stages().size();
        f.add(
            Rules.STAGE_INDEX_OUT_OF_RANGE,
            e.range(),
            inv.reason()
                + ": "
                + what
                + " but the file has "
                + count
                + " stage"
                + (count == 1 ? "" : "s")
                + " (indices 0-"
                + (count - 1)
                + ")",
            s,
            "use the name of an earlier stage");
      } else if (e.kind() == EdgeKind.COPY_FROM) {
        f.add(
            Rules.VARIABLE_IN_STAGE_REFERENCE,
            e.range(),
            inv.reason(),
            s,
            "declare a global ARG, add 'FROM ${ARG} AS alias' and use --from=alias");
      }
      return;
    }
    int target = e.targetStage();
    if (target >= 0) {
      Stage b = graph.stages().get(target);
      if (target == s.index()) {
        f.add(
            Rules.SELF_STAGE_REFERENCE,
            e.range(),
            "circular dependency detected on stage: "
                + s.displayName()
                + " ("
                + what
                + " refers to its own stage)",
            s,
            "copy from an earlier stage, or use RUN cp inside the stage");
      } else if (target > s.index()) {
        Severity sev = !buildkit || graph.isReachable(s) ? Severity.ERROR : Severity.WARNING;
        String msg =
            e.kind() == EdgeKind.COPY_FROM
                ? "cannot copy from stage \""
                    + b.displayName()
                    + "\", it needs to be defined before"
                    + " current stage \""
                    + s.displayName()
                    + "\""
                : "cannot mount from stage \""
                    + b.displayName()
                    + "\", stage needs to be defined"
                    + " before current stage \""
                    + s.displayName()
                    + "\"";
        f.add(
            Rules.FORWARD_STAGE_REFERENCE,
            sev,
            e.range(),
            List.of(b.from().range()),
            msg + " (defined on line " + b.line() + ")",
            s,
            "move " + b.label() + " before " + s.label());
      }
      return;
    }
    if (t instanceof StageRef.ExternalImage img) {
      String v = img.reference();
      if (e.kind() == EdgeKind.MOUNT_FROM && WrittenReference.isNumber(v)) {
        int n = Integer.parseInt(v.length() > 9 ? "999999999" : v);
        String name = n < graph.stages().size() ? graph.stages().get(n).lowerName() : null;
        f.add(
            Rules.MOUNT_FROM_INDEX,
            e.range(),
            "from="
                + v
                + " is not a stage index: RUN --mount takes stage names, so the engine pulls"
                + " an image named '"
                + v
                + "'",
            s,
            name != null ? "from=" + name : "name stage " + n + " with AS and use that name");
        return;
      }
      if (displayNameOfAStage(e, v)) {
        return;
      }
      if (buildahCasing(e, v)) {
        return;
      }
      String near = WrittenReference.isBareName(v) ? Suggestion.closest(v, names) : null;
      if (near != null) {
        f.add(
            Rules.UNDEFINED_STAGE,
            e.range(),
            "stage '"
                + v
                + "' is not defined: the engine will try to pull an image named "
                + v
                + " (did you mean "
                + near
                + "?)",
            s,
            near);
        return;
      }
      ImageTags.check(v, e.range(), s, f);
    }
  }

  /** Buildah matches {@code --from} names as written: a stage named otherwise is no match. */
  private boolean buildahCasing(Edge e, String v) {
    if (graph.options().semantics() != Semantics.BUILDAH) {
      return false;
    }
    for (Stage o : graph.stages()) {
      if (v.equalsIgnoreCase(o.name()) && o.index() < e.stage().index()) {
        f.add(
            Rules.UNDEFINED_STAGE,
            e.range(),
            "no stage is named '"
                + v
                + "': Buildah matches stage names as written, case-sensitively, and takes "
                + v
                + " for an image ("
                + o.label()
                + " on line "
                + o.line()
                + " is named '"
                + o.name()
                + "')",
            e.stage(),
            o.name());
        return true;
      }
    }
    return false;
  }

  /**
   * {@code stage-N} is how the engine (and dmsb) names an unnamed stage in its output, but it is no
   * name a reference can use: the engine pulls an image called {@code stage-N} instead.
   */
  private boolean displayNameOfAStage(Edge e, String v) {
    Matcher m = DISPLAY_NAME.matcher(v.toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() > 9) {
      return false;
    }
    int n = Integer.parseInt(m.group(1));
    if (n >= graph.stages().size()) {
      return false;
    }
    Stage named = graph.stages().get(n);
    String fix;
    if (named.lowerName() != null) {
      fix = named.lowerName();
    } else if (e.kind() == EdgeKind.COPY_FROM) {
      fix = Integer.toString(n);
    } else {
      fix = null;
    }
    f.add(
        Rules.UNDEFINED_STAGE,
        e.range(),
        "stage '"
            + v
            + "' is not defined: "
            + v
            + " is only the engine's display name for stage "
            + n
            + ", so the engine will try to pull an image named "
            + v
            + (fix == null ? "" : " (did you mean " + fix + "?)"),
        e.stage(),
        fix != null ? fix : "name stage " + n + " with AS and use that name");
    return true;
  }

  private void cycle(List<Edge> cycle) {
    Set<Integer> stagesOnCycle = new LinkedHashSet<>();
    for (Edge e : cycle) {
      stagesOnCycle.add(e.stage().index());
    }
    if (stagesOnCycle.size() < 2) {
      return; // a stage referring to itself: SelfStageReference
    }
    List<SourceRange> related = new ArrayList<>();
    StringBuilder path = new StringBuilder();
    for (Edge e : cycle) {
      related.add(e.range());
      path.append(path.length() == 0 ? "" : ", ")
          .append(e.stage().displayName())
          .append(" -> ")
          .append(graph.stages().get(e.targetStage()).displayName())
          .append(" (line ")
          .append(e.range().start().line())
          .append(')');
    }
    Edge first = cycle.get(0);
    f.add(
        Rules.STAGE_CYCLE,
        Severity.ERROR,
        first.range(),
        related.subList(1, related.size()),
        "circular dependency detected on stage: " + first.stage().displayName() + " [" + path + "]",
        first.stage(),
        "remove one of the references on the cycle");
  }

  private void legacyOnly(Stage s, Instruction i) {
    if (i instanceof Run r) {
      for (Flag flag : r.node().flags()) {
        f.add(
            Rules.BUILDKIT_ONLY,
            flag.range(),
            "the --" + flag.name() + " option requires BuildKit; the legacy builder fails",
            s,
            "build with BuildKit (--builder buildkit) or remove the flag");
      }
    } else if (i instanceof Copy c && c.chmod() != null) {
      f.add(
          Rules.BUILDKIT_ONLY,
          c.chmod().range(),
          "the --chmod option requires BuildKit; the legacy builder fails",
          s,
          "build with BuildKit or use RUN chmod");
    } else if (i instanceof Add a && a.chmod() != null) {
      f.add(
          Rules.BUILDKIT_ONLY,
          a.chmod().range(),
          "the --chmod option requires BuildKit; the legacy builder fails",
          s,
          "build with BuildKit or use RUN chmod");
    }
  }
}

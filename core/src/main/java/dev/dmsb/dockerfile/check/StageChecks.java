package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.ArgExpander;
import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.EdgeKind;
import dev.dmsb.dockerfile.graph.GlobalArgs;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Suggestion;
import dev.dmsb.dockerfile.instruction.Text;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The file's shape, stage names and FROM bases. */
final class StageChecks {
  private final Dockerfile dockerfile;
  private final StageGraph graph;
  private final Findings f;
  private final boolean buildkit;
  private final Map<String, List<Stage>> byLowerName = new java.util.LinkedHashMap<>();
  private List<String> allNames;

  StageChecks(Dockerfile dockerfile, StageGraph graph, Findings f) {
    this.dockerfile = dockerfile;
    this.graph = graph;
    this.f = f;
    this.buildkit = graph.options().semantics() == Semantics.BUILDKIT;
    for (Stage s : graph.stages()) {
      if (s.lowerName() != null) {
        byLowerName.computeIfAbsent(s.lowerName(), k -> new ArrayList<>()).add(s);
      }
    }
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
      base(s);
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
              + (s.lowerName().equals("scratch")
                  ? "; later 'FROM scratch' will use this stage"
                  : ""),
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

  private void base(Stage s) {
    Text image = s.from().image();
    if (image == null) {
      return; // reported as a parse error
    }
    undefinedArgs(s, image);
    StageRef base = s.base();
    String written = s.baseName();
    if (base instanceof StageRef.Invalid inv) {
      f.add(
          Rules.EMPTY_BASE_NAME,
          image.range(),
          inv.reason(),
          s,
          "give the ARG a default or pass --build-arg");
      return;
    }
    if (s.from().platform() != null && base.stageIndex().isPresent()) {
      Stage b = graph.stages().get(base.stageIndex().getAsInt());
      f.add(
          Rules.PLATFORM_ON_STAGE_REFERENCE,
          s.from().platform().range(),
          (buildkit ? "--platform is ignored: FROM " : "--platform must match: FROM ")
              + written
              + " is "
              + b.label()
              + " (line "
              + b.line()
              + (buildkit
                  ? "), which keeps its own platform"
                  : "), and the legacy builder fails unless its image has that platform"),
          s,
          "move --platform to the FROM of " + b.label());
    }
    if (isNumber(written)) {
      fromIndex(s, image, written);
      return;
    }
    if (base instanceof StageRef.Named named) {
      Stage b = graph.stages().get(named.stage());
      if (!buildkit && !written.equals(b.lowerName())) {
        f.add(
            Rules.FROM_STAGE_CASING,
            Severity.WARNING,
            image.range(),
            List.of(),
            "FROM "
                + written
                + " names stage '"
                + b.name()
                + "' (line "
                + b.line()
                + ") with different case: the legacy builder accepts it, BuildKit fails",
            s,
            "FROM " + b.lowerName());
      }
      return;
    }
    if (!(base instanceof StageRef.ExternalImage)) {
      return;
    }
    String lower = written.toLowerCase(Locale.ROOT);
    List<Stage> same = byLowerName.getOrDefault(lower, List.of());
    Stage earlier = null;
    Stage later = null;
    for (Stage o : same) {
      if (o.index() < s.index()) {
        earlier = o;
      } else if (o.index() > s.index() && later == null) {
        later = o;
      }
    }
    if (earlier != null) {
      f.add(
          Rules.FROM_STAGE_CASING,
          image.range(),
          "FROM "
              + written
              + " does not match stage '"
              + earlier.name()
              + "' (line "
              + earlier.line()
              + "): BuildKit matches FROM case-sensitively and fails with 'repository name must be"
              + " lowercase'",
          s,
          "FROM " + earlier.lowerName());
      return;
    }
    if (later != null) {
      f.add(
          Rules.FROM_LATER_STAGE,
          severityOfPull(s),
          image.range(),
          List.of(),
          "FROM "
              + written
              + " names "
              + later.label()
              + " defined later (line "
              + later.line()
              + "): the engine pulls an image named "
              + written
              + " instead"
              + skippedNote(s),
          s,
          "move " + later.label() + " before line " + s.line());
      return;
    }
    if (isBareName(written)) {
      String near = Suggestion.closest(lower, stageNames(s));
      if (near != null) {
        f.add(
            Rules.UNDEFINED_STAGE,
            Severity.WARNING,
            image.range(),
            List.of(),
            "FROM "
                + written
                + " is not a stage; the engine will pull an image named "
                + written
                + " (did you mean "
                + near
                + "?)",
            s,
            near);
        return;
      }
    }
    imageTag(s, written, image.range());
  }

  private void fromIndex(Stage s, Text image, String written) {
    int n = Integer.parseInt(written.length() > 9 ? "999999999" : written);
    String name = n < graph.stages().size() ? graph.stages().get(n).lowerName() : null;
    String fix = name != null ? "FROM " + name : "name stage " + n + " with AS and use that name";
    f.add(
        Rules.FROM_STAGE_INDEX,
        severityOfPull(s),
        image.range(),
        List.of(),
        "FROM "
            + written
            + " is not a stage reference: the engine pulls an image named '"
            + written
            + "'"
            + skippedNote(s),
        s,
        fix);
  }

  /**
   * A FROM that pulls an image by mistake fails the build only where the stage is built: BuildKit
   * parses the base of a stage it skips but does not resolve it (seen on Docker 20.10).
   */
  private Severity severityOfPull(Stage s) {
    return !buildkit || graph.isReachable(s) ? Severity.ERROR : Severity.WARNING;
  }

  private String skippedNote(Stage s) {
    return buildkit && !graph.isReachable(s)
        ? "; BuildKit skips this stage for the target, the legacy builder would fail"
        : "";
  }

  /** Stage names other than the stage's own (so FROM golang AS golang2 suggests nothing). */
  private List<String> stageNames(Stage except) {
    if (allNames == null) {
      allNames = new ArrayList<>(byLowerName.keySet());
    }
    if (except.lowerName() == null || !byLowerName.containsKey(except.lowerName())) {
      return allNames;
    }
    List<String> out = new ArrayList<>(allNames);
    out.remove(except.lowerName());
    return out;
  }

  private void undefinedArgs(Stage s, Text image) {
    if (!buildkit) {
      return;
    }
    GlobalArgs args = graph.globalArgs();
    List<Text> texts = new ArrayList<>();
    texts.add(image);
    if (s.from().platform() != null) {
      texts.add(s.from().platform());
    }
    Set<String> known = new LinkedHashSet<>(args.declared());
    known.addAll(GlobalArgs.AUTOMATIC);
    for (Text t : texts) {
      if (t.value().indexOf('$') < 0) {
        continue;
      }
      ArgExpander.Result r =
          ArgExpander.expand(t.value(), args.values(), dockerfile.tree().escape());
      for (String name : new LinkedHashSet<>(r.used())) {
        if (!known.contains(name)) {
          String near = Suggestion.closest(name, known);
          f.add(
              Rules.UNDEFINED_ARG_IN_FROM,
              t.range(),
              "FROM argument '"
                  + name
                  + "' is not declared"
                  + (near == null ? "" : " (did you mean " + near + "?)"),
              s,
              near != null ? near : "declare ARG " + name + " before the first FROM");
        }
      }
    }
  }

  private void imageTag(Stage s, String ref, SourceRange range) {
    ImageTags.check(ref, range, s, f);
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

  static boolean isNumber(String v) {
    if (v.isEmpty()) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean isBareName(String v) {
    return v.indexOf(':') < 0 && v.indexOf('/') < 0 && v.indexOf('@') < 0;
  }
}

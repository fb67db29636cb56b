package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.ArgExpander;
import dev.dmsb.dockerfile.graph.GlobalArgs;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.Suggestion;
import dev.dmsb.dockerfile.instruction.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What each stage's FROM names as its base: a stage (by name, with the right case, defined
 * earlier), a stage index, an image (tagged, not a near-miss of a stage name), and the build
 * arguments it uses.
 */
final class FromChecks {
  private final Dockerfile dockerfile;
  private final StageGraph graph;
  private final Findings f;
  private final boolean buildkit;
  private final Map<String, List<Stage>> byLowerName;
  private List<String> allNames;

  FromChecks(Dockerfile dockerfile, StageGraph graph, Findings f) {
    this.dockerfile = dockerfile;
    this.graph = graph;
    this.f = f;
    // Buildah, like BuildKit, matches FROM as written and skips stages the target does not need
    this.buildkit = graph.options().semantics() != Semantics.LEGACY;
    this.byLowerName = StageChecks.byLowerName(graph);
  }

  void run() {
    for (Stage s : graph.stages()) {
      base(s);
    }
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
      // The engine's lexer refused the word (graph.ArgExpander): not a blank name.
      boolean unexpandable = inv.reason().startsWith("failed to process");
      f.add(
          unexpandable ? Rules.PARSE_ERROR : Rules.EMPTY_BASE_NAME,
          image.range(),
          inv.reason(),
          s,
          unexpandable
              ? (buildkit
                  ? "fix the variable reference (forms: $V, ${V}, ${V:-w}, ${V:+w}, ${V:?w},"
                      + " ${V#p}, ${V%p}, ${V/p/r}) or pass --build-arg"
                  : "Docker 20.10's legacy builder knows only ${V}, ${V:-w}, ${V:+w}, ${V:?w}"
                      + " and ${V?w}: use one of them, or build with BuildKit")
              : "give the ARG a default or pass --build-arg");
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
    if (base instanceof StageRef.Indexed) {
      return; // Buildah: FROM <index> names that earlier stage
    }
    if (WrittenReference.isNumber(written)) {
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
    if (buildahThroughArg(s, image, written)) {
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
      // BuildKit matches the lower-cased stage name, Buildah the name as written
      boolean buildah = graph.options().semantics() == Semantics.BUILDAH;
      f.add(
          Rules.FROM_STAGE_CASING,
          image.range(),
          "FROM "
              + written
              + " does not match stage '"
              + earlier.name()
              + "' (line "
              + earlier.line()
              + "): "
              + (buildah ? "Buildah" : "BuildKit")
              + " matches FROM case-sensitively and "
              + (written.equals(lower)
                  ? "pulls an image named " + written + " instead"
                  : "fails with 'repository name must be lowercase'"),
          s,
          "FROM " + (buildah ? earlier.name() : earlier.lowerName()));
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
    if (WrittenReference.isBareName(written)) {
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
    ImageTags.check(written, image.range(), s, f);
  }

  /**
   * Buildah looks a FROM up among the stages only as written: {@code FROM ${SRC}} with SRC naming a
   * stage pulls an image of that name (Podman 4.3.1: "initializing source docker://...").
   */
  private boolean buildahThroughArg(Stage s, Text image, String written) {
    if (graph.options().semantics() != Semantics.BUILDAH || image.value().indexOf('$') < 0) {
      return false;
    }
    for (Stage o : graph.stages()) {
      if (o.index() < s.index() && written.equals(o.name())) {
        f.add(
            Rules.VARIABLE_IN_STAGE_REFERENCE,
            severityOfPull(s),
            image.range(),
            List.of(),
            "FROM "
                + image.value()
                + " is "
                + written
                + ", but Buildah looks only a FROM written without variables up among the"
                + " stages: it pulls an image named "
                + written
                + " instead of using "
                + o.label()
                + " (line "
                + o.line()
                + ")",
            s,
            "FROM " + written);
        return true;
      }
    }
    return false;
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
            + " is not a stage reference: the engine takes it for an image named '"
            + written
            + "' and pulls it (the legacy builder first takes any local image whose ID starts"
            + " with '"
            + written
            + "')"
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
        ? "; "
            + (graph.options().semantics() == Semantics.BUILDAH ? "Buildah" : "BuildKit")
            + " skips this stage for the target, the legacy builder would fail"
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
}

package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Arg;
import dev.dmsb.dockerfile.instruction.Copy;
import dev.dmsb.dockerfile.instruction.From;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Mount;
import dev.dmsb.dockerfile.instruction.Run;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits instructions into stages and resolves every reference, per the chosen semantics. */
final class StageGraphBuilder {
  static final String FROM_VARIABLE =
      "variable expansion is not supported for --from, define a new stage with FROM using ARG"
          + " from global scope as a workaround";

  private final GraphOptions options;
  private final char escape;
  final List<Arg> metaArgs = new ArrayList<>();
  final List<Instruction> beforeFirstFrom = new ArrayList<>();
  final List<Stage> stages = new ArrayList<>();
  final List<Edge> edges = new ArrayList<>();
  GlobalArgs globalArgs;

  /** Lower-cased name to every stage index with that name, in file order. */
  private final Map<String, List<Integer>> byName = new HashMap<>();

  StageGraphBuilder(GraphOptions options, char escape) {
    this.options = options;
    this.escape = escape;
  }

  void build(List<Instruction> instructions) {
    int i = 0;
    while (i < instructions.size() && !(instructions.get(i) instanceof From)) {
      Instruction in = instructions.get(i++);
      if (in instanceof Arg a) {
        metaArgs.add(a);
      } else {
        beforeFirstFrom.add(in);
      }
    }
    globalArgs = GlobalArgs.evaluate(metaArgs, options, escape);
    while (i < instructions.size()) {
      From from = (From) instructions.get(i++);
      List<Instruction> body = new ArrayList<>();
      while (i < instructions.size() && !(instructions.get(i) instanceof From)) {
        body.add(instructions.get(i++));
      }
      addStage(from, body);
    }
    for (Stage s : stages) {
      edges.add(
          new Edge(
              EdgeKind.FROM, s, s.base(), imageText(s.from()), imageRange(s.from()), s.from()));
      for (Instruction in : s.instructions()) {
        if (in instanceof Copy c && c.from() != null) {
          edges.add(
              new Edge(
                  EdgeKind.COPY_FROM,
                  s,
                  copyFrom(c.from().value(), s),
                  c.from().value(),
                  c.from().range(),
                  c));
        } else if (in instanceof Run r) {
          for (Mount m : r.mounts()) {
            if (m.from() != null) {
              edges.add(
                  new Edge(
                      EdgeKind.MOUNT_FROM,
                      s,
                      mountFrom(m.from().value(), s),
                      m.from().value(),
                      m.from().range(),
                      r));
            }
          }
        }
      }
    }
  }

  private static String imageText(From f) {
    return f.image() == null ? "" : f.image().value();
  }

  private static SourceRange imageRange(From f) {
    return f.image() == null ? f.range() : f.image().range();
  }

  private void addStage(From from, List<Instruction> body) {
    int index = stages.size();
    String name = from.stageName() == null ? null : from.stageName().value();
    String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
    String raw = imageText(from);
    ArgExpander.Result expanded =
        ArgExpander.expand(raw, globalArgs.values(), escape, options.semantics());
    String baseName = expanded.value();
    String platform =
        from.platform() == null
            ? null
            : ArgExpander.expand(
                    from.platform().value(), globalArgs.values(), escape, options.semantics())
                .value();
    StageRef base =
        expanded.error() != null
            ? new StageRef.Invalid(raw, expanded.error())
            : resolveBase(baseName, raw, index);
    SourceRange end = body.isEmpty() ? from.range() : body.get(body.size() - 1).range();
    String display = name != null ? name : "stage-" + index;
    stages.add(
        new Stage(
            index,
            name,
            lower,
            display,
            from,
            baseName,
            base,
            platform,
            body,
            new SourceRange(from.range().start(), end.end())));
    if (lower != null) {
      byName.computeIfAbsent(lower, k -> new ArrayList<>()).add(index);
    }
  }

  private StageRef resolveBase(String baseName, String raw, int index) {
    if (baseName.isBlank()) {
      return new StageRef.Invalid(raw, "base name (" + raw + ") should not be blank");
    }
    if (options.semantics() == Semantics.BUILDAH) {
      // Buildah takes scratch for the empty image, looks only a FROM written without variables
      // up among the stages, turns an index into that stage's name and matches names as written.
      if (baseName.equals("scratch")) {
        return new StageRef.Scratch();
      }
      if (ArgExpander.hasExpansion(raw, escape)) {
        return new StageRef.ExternalImage(baseName);
      }
      Integer n = parseIndex(baseName);
      if (n != null && n >= 0 && n < index) {
        return new StageRef.Indexed(n);
      }
      int exact = lastWrittenExactly(baseName, index);
      if (exact >= 0) {
        return new StageRef.Named(baseName, exact);
      }
    } else if (options.semantics() == Semantics.BUILDKIT) {
      // The engine looks the base up exactly as written in a map of lower-cased names.
      List<Integer> hits = byName.get(baseName);
      if (hits != null) {
        return new StageRef.Named(baseName, hits.get(hits.size() - 1));
      }
    } else {
      // Names only, like BuildKit: the legacy builder looks FROM up among built stages by name
      // (case-insensitively) and pulls anything else, so FROM 0 is an image there too (seen on
      // Docker 20.10: it asks the registry for an image named 0).
      List<Integer> hits = byName.get(baseName.toLowerCase(Locale.ROOT));
      if (hits != null) {
        return new StageRef.Named(baseName, hits.get(hits.size() - 1));
      }
    }
    return baseName.equals("scratch")
        ? new StageRef.Scratch()
        : new StageRef.ExternalImage(baseName);
  }

  private StageRef copyFrom(String v, Stage current) {
    if (ArgExpander.hasExpansion(v, escape)) {
      return new StageRef.Invalid(v, FROM_VARIABLE);
    }
    Integer n = parseIndex(v);
    if (n != null) {
      return n >= 0 && n < stages.size()
          ? new StageRef.Indexed(n)
          : new StageRef.Invalid(v, "invalid stage index " + v);
    }
    if (v.matches("[+-]?[0-9]+")) {
      return new StageRef.Invalid(v, "invalid stage index " + v);
    }
    return byNameAnywhere(v, current);
  }

  private StageRef mountFrom(String v, Stage current) {
    int dollar = v.indexOf('$');
    if (dollar >= 0 && dollar < v.length() - 1) {
      return new StageRef.Invalid(
          v, "'from' doesn't support variable expansion, define alias stage instead");
    }
    return byNameAnywhere(v, current);
  }

  /** BuildKit binds {@code --from} names to the last definition; legacy to the last built one. */
  private StageRef byNameAnywhere(String v, Stage current) {
    if (options.semantics() == Semantics.BUILDAH) {
      // Buildah: a stage defined before, with the name exactly as written; a name defined only
      // later binds there (the engine then fails: no stage or image of that name yet).
      int earlier = lastWrittenExactly(v, current.index());
      int any = earlier >= 0 ? earlier : lastWrittenExactly(v, stages.size());
      if (any >= 0) {
        return new StageRef.Named(v, any);
      }
      return v.equals("scratch") ? new StageRef.Scratch() : new StageRef.ExternalImage(v);
    }
    List<Integer> hits = byName.get(v.toLowerCase(Locale.ROOT));
    if (hits == null) {
      return v.equals("scratch") ? new StageRef.Scratch() : new StageRef.ExternalImage(v);
    }
    int pick = hits.get(hits.size() - 1);
    if (options.semantics() == Semantics.LEGACY) {
      for (int h : hits) {
        if (h < current.index()) {
          pick = h;
        }
      }
    }
    return new StageRef.Named(v, pick);
  }

  /** The last stage before {@code before} named exactly {@code name} (case-sensitive), or -1. */
  private int lastWrittenExactly(String name, int before) {
    List<Integer> hits = byName.get(name.toLowerCase(Locale.ROOT));
    if (hits == null) {
      return -1;
    }
    int pick = -1;
    for (int h : hits) {
      if (h < before && name.equals(stages.get(h).name())) {
        pick = h;
      }
    }
    return pick;
  }

  /** Go's {@code strconv.Atoi}: optional sign and digits; {@code null} when not a number. */
  static Integer parseIndex(String v) {
    if (v.isEmpty() || v.length() > 10) {
      return null;
    }
    int i = v.charAt(0) == '+' || v.charAt(0) == '-' ? 1 : 0;
    if (i == v.length()) {
      return null;
    }
    for (int k = i; k < v.length(); k++) {
      if (v.charAt(k) < '0' || v.charAt(k) > '9') {
        return null;
      }
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

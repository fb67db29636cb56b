package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.graph.ArgExpander;
import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.EdgeKind;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.From;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rewrites stage references and images in a Dockerfile as edits of source ranges, so that every
 * byte outside them (comments, continuations, heredocs, blank lines, the escape char, CRLF) stays
 * as written. A file that needs nothing comes back identical.
 *
 * <p>The rewrites: stage indices and differently-cased references written as the stage's name (an
 * unnamed stage that is referenced gets {@code AS stage<N>}); stages the target does not use
 * removed with the comments above them; {@code FROM ${VAR}} written with its value; external images
 * pinned to digests. The caller decides whether to refuse a file with lint errors: see {@link
 * Rewrite#covers}.
 */
public final class Rewriter {
  private final String fileName;
  private final Dockerfile dockerfile;
  private final RewriteOptions options;
  private final String source;
  private final char escape;
  private final StageGraph graph;
  private final Bindings bindings;
  private final StageNames names;
  private final ImagePins pins;
  private final List<Edit> edits = new ArrayList<>();
  private final List<NotPinned> notPinned = new ArrayList<>();

  private Rewriter(String fileName, Dockerfile dockerfile, RewriteOptions options) {
    this.fileName = fileName;
    this.dockerfile = dockerfile;
    this.options = options;
    this.source = dockerfile.tree().text();
    this.escape = dockerfile.tree().escape();
    this.graph = StageGraph.of(dockerfile, options.graph());
    GraphOptions g = options.graph();
    StageGraph legacy =
        g.semantics() == Semantics.LEGACY
            ? graph
            : StageGraph.of(
                dockerfile, new GraphOptions(g.buildArgs(), g.target(), Semantics.LEGACY));
    this.bindings = Bindings.of(graph, legacy);
    this.names = new StageNames(graph.stages(), graph.edges());
    this.pins = options.pin() == null ? null : new ImagePins(options.pin());
  }

  /**
   * Rewrites a Dockerfile's text.
   *
   * @param fileName the name used in error messages
   * @param text the file's content
   * @param options which rewrites, for which build
   * @throws RewriteException when a rewrite asked for can't be made (an image that can't be pinned,
   *     a target that names no stage)
   */
  public static Rewrite rewrite(String fileName, String text, RewriteOptions options)
      throws RewriteException {
    return rewrite(fileName, Dockerfile.parse(text), options);
  }

  /** Rewrites a parsed Dockerfile; see {@link #rewrite(String, String, RewriteOptions)}. */
  public static Rewrite rewrite(String fileName, Dockerfile dockerfile, RewriteOptions options)
      throws RewriteException {
    return new Rewriter(fileName, dockerfile, options).run();
  }

  private Rewrite run() throws RewriteException {
    List<Stage> stages = graph.stages();
    boolean[] kept = new boolean[stages.size()];
    Arrays.fill(kept, true);
    if (options.prune() && !stages.isEmpty()) {
      Stage target = graph.target().orElseThrow(this::unknownTarget);
      kept = bindings.reachableFrom(target.index(), stages.size());
      prune(kept, target);
    }
    for (int i = 0; i < bindings.size(); i++) {
      if (kept[bindings.edge(i).stage().index()]) {
        reference(i);
      }
    }
    if (options.canonicalReferences()) {
      for (Stage s : stages) {
        if (kept[s.index()]) {
          lowerCaseName(s);
        }
      }
    }
    for (Map.Entry<Integer, String> e : names.assigned().entrySet()) {
      declareName(stages.get(e.getKey()), e.getValue());
    }
    return Rewrite.apply(source, edits).withNotPinned(notPinned);
  }

  private RewriteException unknownTarget() {
    String known = String.join(", ", graph.stages().stream().map(Stage::displayName).toList());
    return new RewriteException(
        fileName
            + ": --target '"
            + options.graph().target()
            + "' names no stage, so there is nothing to prune for; the stages are: "
            + known);
  }

  private void prune(boolean[] kept, Stage target) {
    StageBlocks blocks = StageBlocks.of(dockerfile.tree(), graph.stages());
    int firstKept = 0;
    while (!kept[firstKept]) {
      firstKept++;
    }
    for (Stage s : graph.stages()) {
      if (!kept[s.index()]) {
        int end = blocks.end(s.index());
        if (s.index() == firstKept - 1 && blocks.start(0) == blocks.contentStart()) {
          // the file now starts with the first kept stage: not with the blank lines above it
          end = blocks.afterBlankLines(end);
        }
        String lines =
            s.range().start().line() == s.range().end().line()
                ? "line " + s.line()
                : "lines " + s.line() + "-" + s.range().end().line();
        edits.add(
            new Edit(
                range(blocks.start(s.index()), end),
                "",
                "removed stage "
                    + s.label()
                    + " ("
                    + lines
                    + "): target '"
                    + target.displayName()
                    + "' does not use it"));
      }
    }
  }

  /** Rewrites one reference: to the stage's name, to its expanded value, to a pinned image. */
  private void reference(int i) throws RewriteException {
    Edge e = bindings.edge(i);
    StageRef target = bindings.target(i);
    String written = e.written();
    boolean variable = ArgExpander.hasExpansion(written, escape);
    boolean expand = options.expandArgs() && e.kind() == EdgeKind.FROM && variable;
    String value = null;
    String reason = null;
    if (target.stageIndex().isPresent()) {
      int index = target.stageIndex().getAsInt();
      boolean byIndex = target instanceof StageRef.Indexed;
      boolean canonical = options.canonicalReferences() || (options.prune() && byIndex);
      if (canonical && (!variable || expand)) {
        String name = names.nameOf(index);
        if (!written.equals(name)) {
          value = name;
          reason = canonicalReason(e, written, name, byIndex, variable, index);
        }
      } else if (expand) {
        value = e.stage().baseName();
        reason = "expanded '" + written + "' to '" + value + "', the value for this build";
      }
    } else if (target instanceof StageRef.ExternalImage image) {
      String ref = image.reference();
      if (expand) {
        value = ref;
        reason = "expanded '" + written + "' to '" + ref + "', the value for this build";
      }
      String digest = pins != null && !ImagePins.isPinned(ref) ? digest(e, ref) : null;
      if (digest != null) {
        value = ImagePins.pinned(ref, digest);
        reason =
            "pinned '"
                + ref
                + "' to "
                + value.substring(value.indexOf('@') + 1)
                + (variable ? " (written as '" + written + "')" : "");
      }
    }
    if (value != null) {
      edits.add(new Edit(editableRange(e), value, reason));
    }
  }

  private String canonicalReason(
      Edge e, String written, String name, boolean byIndex, boolean variable, int index) {
    if (byIndex) {
      return "stage index "
          + written
          + " written as the stage's name '"
          + name
          + "' (indices change when stages move"
          + (e.kind() == EdgeKind.FROM ? "; BuildKit reads FROM " + written + " as an image" : "")
          + ")";
    }
    if (variable) {
      return "expanded '" + written + "' to stage " + index + "'s name '" + name + "'";
    }
    return "'"
        + written
        + "' written as the stage's name '"
        + name
        + "'"
        + (e.kind() == EdgeKind.FROM
            ? " (BuildKit matches FROM case-sensitively against lower-case names)"
            : " (the engine registers stage names in lower case)");
  }

  /** The digest, or {@code null} when this image cannot be pinned (then named in the result). */
  private String digest(Edge e, String ref) throws RewriteException {
    try {
      return pins.digest(ref);
    } catch (DigestUnavailableException x) {
      if (!x.isLookupDown()) {
        notPinned.add(new NotPinned(fileName, e.range(), ref, x.getMessage()));
        return null;
      }
      throw new RewriteException(
          at(e.range())
              + "cannot pin image '"
              + ref
              + "': "
              + x.getMessage()
              + "; push or pull it first, or pin it by hand as "
              + ImagePins.pinned(ref, "sha256:<digest>"),
          x);
    }
  }

  /** {@code AS Builder} becomes {@code AS builder}: references are then written the same way. */
  private void lowerCaseName(Stage s) {
    From f = s.from();
    if (s.name() == null || s.name().equals(s.lowerName()) || f.stageName() == null) {
      return;
    }
    if (!f.stageName().range().textIn(source).equals(s.name()) || s.name().indexOf('$') >= 0) {
      return; // written with quotes or a variable: leave it as the user wrote it
    }
    edits.add(
        new Edit(
            f.stageName().range(),
            s.lowerName(),
            "stage name '"
                + s.name()
                + "' written in lower case, as the engine registers it and BuildKit's FROM"
                + " matches it"));
  }

  /** Adds {@code AS <name>} to the FROM of an unnamed stage that a reference now names. */
  private void declareName(Stage s, String name) {
    From f = s.from();
    if (f.image() == null) {
      return;
    }
    String keyword = f.node().keyword().text();
    String as = keyword.equals(keyword.toLowerCase(java.util.Locale.ROOT)) ? " as " : " AS ";
    SourceRange at = f.image().range();
    edits.add(
        new Edit(
            new SourceRange(at.end(), at.end()),
            as + name,
            "named stage " + s.index() + " '" + name + "' so references can use its name"));
  }

  /**
   * The range holding exactly the reference. A {@code from=} inside a quoted or continued {@code
   * --mount} is only known as the whole flag value, so it is found inside it.
   */
  private SourceRange editableRange(Edge e) throws RewriteException {
    SourceRange r = e.range();
    if (e.kind() != EdgeKind.MOUNT_FROM || r.textIn(source).equals(e.written())) {
      return r;
    }
    String text = r.textIn(source);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?i)(?:^|[,\"])\\s*from\\s*=\\s*("
                    + java.util.regex.Pattern.quote(e.written())
                    + ")(?=[,\"]|$)")
            .matcher(text);
    if (m.find()) {
      int start = r.start().offset() + m.start(1);
      int end = r.start().offset() + m.end(1);
      if (!m.find()) {
        return range(start, end);
      }
    }
    throw new RewriteException(
        at(r)
            + "cannot rewrite from="
            + e.written()
            + " in this --mount as written; write the mount on one line without quotes around"
            + " from=, or change it by hand");
  }

  private SourceRange range(int start, int end) {
    return dockerfile.tree().lines().range(start, end);
  }

  private String at(SourceRange r) {
    return fileName + ":" + r.start().line() + ":" + r.start().column() + ": ";
  }
}

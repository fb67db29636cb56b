package dev.dmsb.dockerfile.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.syntax.DockerfileParser;
import dev.dmsb.dockerfile.syntax.Node;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated multi-stage Dockerfiles (names in any case, indices, FROM of stages, mounts, comments,
 * continuations, heredocs, CRLF, both escape chars): rewriting twice changes nothing more, every
 * line an edit does not touch comes back identical, and every reference still binds to the same
 * stage, now the same way for BuildKit and the legacy builder.
 */
class RewritePropertiesTest {
  private static final List<String> NAMES = List.of("build", "Builder", "app", "TOOLS", "deps");

  /** One generated file and how it was written. */
  record Case(String text, String target) {
    @Override
    public String toString() {
      return text.replace("\r", "\\r") + " [target " + target + "]";
    }
  }

  @Provide
  Arbitrary<Case> dockerfiles() {
    Arbitrary<List<Integer>> choices = Arbitraries.integers().between(0, 1000).list().ofSize(60);
    return Combinators.combine(
            choices,
            Arbitraries.integers().between(1, 5),
            Arbitraries.of("\n", "\r\n"),
            Arbitraries.of('\\', '`'))
        .as(RewritePropertiesTest::generate);
  }

  private static Case generate(List<Integer> r, int stages, String eol, char escape) {
    int[] k = {0};
    java.util.function.IntUnaryOperator pick = n -> r.get(k[0]++ % r.size()) % n;
    StringBuilder sb = new StringBuilder();
    if (escape == '`') {
      sb.append("# escape=`").append(eol);
    }
    sb.append("ARG BASE=dmsb/busybox:latest").append(eol);
    List<String> names = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      if (pick.applyAsInt(3) == 0) {
        sb.append("# stage ").append(s).append(eol);
      }
      String name = pick.applyAsInt(2) == 0 ? null : NAMES.get(s);
      names.add(name);
      String base = s == 0 || pick.applyAsInt(2) == 0 ? base(pick) : ref(pick, names, s, true);
      sb.append(pick.applyAsInt(4) == 0 ? "from " : "FROM ").append(base);
      if (name != null) {
        sb.append(pick.applyAsInt(3) == 0 ? " " + escape + eol + "  AS " : " AS ").append(name);
      }
      sb.append(eol);
      for (int i = pick.applyAsInt(4); i > 0; i--) {
        switch (pick.applyAsInt(6)) {
          case 0 -> sb.append("RUN echo a ").append(escape).append(eol).append("  b").append(eol);
          case 1 -> sb.append("# COPY --from=0 / /").append(eol);
          case 2 -> sb.append(eol);
          case 3 ->
              sb.append("RUN <<EOF")
                  .append(eol)
                  .append("FROM Builder")
                  .append(eol)
                  .append("EOF")
                  .append(eol);
          case 4 ->
              sb.append("RUN --mount=type=bind,from=")
                  .append(s == 0 ? "dmsb/busybox:latest" : ref(pick, names, s, false))
                  .append(",target=/m ls /m")
                  .append(eol);
          default ->
              sb.append("COPY ")
                  .append(pick.applyAsInt(2) == 0 ? escape + eol + "  " : "")
                  .append("--from=")
                  .append(s == 0 ? "dmsb/busybox:latest" : ref(pick, names, s, true))
                  .append(" /bin/busybox /x")
                  .append(eol);
        }
      }
    }
    List<String> named = names.stream().filter(n -> n != null).toList();
    String target = named.isEmpty() ? null : named.get(pick.applyAsInt(named.size()));
    return new Case(sb.toString(), target);
  }

  private static String base(java.util.function.IntUnaryOperator pick) {
    return switch (pick.applyAsInt(3)) {
      case 0 -> "${BASE}";
      case 1 -> "$BASE";
      default -> "dmsb/busybox:latest";
    };
  }

  /** A reference to an earlier stage: by index (when allowed) or by its name in random case. */
  private static String ref(
      java.util.function.IntUnaryOperator pick, List<String> names, int s, boolean index) {
    int t = pick.applyAsInt(s);
    String name = names.get(t);
    if (name == null || (index && pick.applyAsInt(3) == 0)) {
      return name == null && !index ? "dmsb/busybox:latest" : String.valueOf(t);
    }
    return switch (pick.applyAsInt(3)) {
      case 0 -> name.toUpperCase(java.util.Locale.ROOT);
      case 1 -> name.toLowerCase(java.util.Locale.ROOT);
      default -> name;
    };
  }

  private static RewriteOptions options(Case c, boolean prune, boolean expand) {
    return new RewriteOptions(
        new GraphOptions(Map.of(), prune ? c.target() : null, Semantics.BUILDKIT),
        true,
        prune && c.target() != null,
        expand,
        new FakeDigests(Set.of()));
  }

  @Property(tries = 300)
  void rewritingTwiceChangesNothingMore(
      @ForAll("dockerfiles") Case c, @ForAll boolean prune, @ForAll boolean expand)
      throws Exception {
    RewriteOptions o = options(c, prune, expand);
    Rewrite once = Rewriter.rewrite("Dockerfile", c.text(), o);
    Rewrite twice = Rewriter.rewrite("Dockerfile", once.text(), o);
    assertThat(twice.edits()).isEmpty();
    assertThat(twice.text()).isEqualTo(once.text());
  }

  @Property(tries = 300)
  void linesNoEditTouchesComeBackIdentical(@ForAll("dockerfiles") Case c, @ForAll boolean expand)
      throws Exception {
    Rewrite r = Rewriter.rewrite("Dockerfile", c.text(), options(c, false, expand));
    SyntaxTree before = DockerfileParser.parse(c.text());
    SyntaxTree after = DockerfileParser.parse(r.text());
    // Without pruning no line is added or removed: the parser of the output sees the same nodes.
    assertThat(after.nodes()).hasSameSizeAs(before.nodes());
    int offset = before.bom().length();
    for (int i = 0; i < before.nodes().size(); i++) {
      Node n = before.nodes().get(i);
      int start = offset;
      int end = offset + n.raw().length();
      offset = end;
      boolean touched = r.edits().stream().anyMatch(e -> e.start() <= end && start <= e.end());
      if (!touched) {
        assertThat(after.nodes().get(i).raw()).isEqualTo(n.raw());
      }
    }
  }

  @Property(tries = 300)
  void referencesBindToTheSameStagesForBothBuilders(@ForAll("dockerfiles") Case c)
      throws Exception {
    Rewrite r = Rewriter.rewrite("Dockerfile", c.text(), options(c, false, false));
    Dockerfile original = Dockerfile.parse(c.text());
    GraphOptions buildkit = GraphOptions.defaults();
    GraphOptions legacy = new GraphOptions(Map.of(), null, Semantics.LEGACY);
    // What the author meant: BuildKit's binding, or the legacy builder's where BuildKit takes a
    // stage reference for an image (FROM Builder, FROM 0).
    List<dev.dmsb.dockerfile.graph.Edge> bk = StageGraph.of(original, buildkit).edges();
    List<dev.dmsb.dockerfile.graph.Edge> lg = StageGraph.of(original, legacy).edges();
    List<Integer> meant = new ArrayList<>();
    for (int i = 0; i < bk.size(); i++) {
      meant.add(bk.get(i).targetStage() >= 0 ? bk.get(i).targetStage() : lg.get(i).targetStage());
    }
    Dockerfile rewritten = Dockerfile.parse(r.text());
    for (GraphOptions g : List.of(buildkit, legacy)) {
      StageGraph after = StageGraph.of(rewritten, g);
      assertThat(after.edges()).hasSize(meant.size());
      for (int i = 0; i < meant.size(); i++) {
        if (meant.get(i) >= 0) {
          assertThat(after.edges().get(i).targetStage())
              .as("reference %d (%s) under %s", i, bk.get(i).written(), g.semantics())
              .isEqualTo(meant.get(i));
        }
      }
    }
  }
}

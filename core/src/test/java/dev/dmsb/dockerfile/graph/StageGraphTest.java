package dev.dmsb.dockerfile.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.instruction.Dockerfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageGraphTest {
  static StageGraph graph(String text, GraphOptions o) {
    return StageGraph.of(Dockerfile.parse(text), o);
  }

  @Test
  void globalArgsDefaultsOverridesOnlyForDeclaredAndPlatformArgs() {
    String text =
        "ARG REPO=dmsb\nARG TAG\nFROM ${REPO}/busybox:${TAG:-1.36}${UNDECLARED}\n"
            + "FROM --platform=$BUILDPLATFORM scratch\n";
    StageGraph g =
        graph(
            text,
            new GraphOptions(Map.of("TAG", "2", "UNDECLARED", "x"), null, Semantics.BUILDKIT));
    assertThat(g.stages().get(0).baseName()).isEqualTo("dmsb/busybox:2");
    assertThat(g.stages().get(1).platform()).startsWith("linux/");
    StageGraph legacy = graph(text, new GraphOptions(Map.of(), null, Semantics.LEGACY));
    assertThat(legacy.stages().get(0).baseName()).isEqualTo("dmsb/busybox:1.36");
    assertThat(legacy.stages().get(1).platform()).isEmpty();
  }

  @Test
  void expansionForms() {
    Map<String, String> scope = Map.of("SET", "v", "EMPTY", "");
    assertThat(ArgExpander.expand("$SET-${SET}", scope, '\\').value()).isEqualTo("v-v");
    assertThat(ArgExpander.expand("${EMPTY:-d}|${EMPTY-d}|${NO-d}", scope, '\\').value())
        .isEqualTo("d||d");
    assertThat(ArgExpander.expand("${EMPTY:+a}|${EMPTY+a}|${SET:+a}|${NO+a}", scope, '\\').value())
        .isEqualTo("|a|a|");
    assertThat(ArgExpander.expand("'$SET'\"$SET\"\\$SET", scope, '\\').value())
        .isEqualTo("$SETv$SET");
    String deep = "${A:-".repeat(5000) + "x" + "}".repeat(5000);
    ArgExpander.Result r = ArgExpander.expand(deep, scope, '\\');
    assertThat(r.tooDeep()).isTrue();
  }

  @Test
  void fromArgCanPointAtAStage() {
    StageGraph g =
        graph("ARG SRC=build\nFROM scratch AS build\nFROM ${SRC}\n", GraphOptions.defaults());
    assertThat(g.stages().get(1).base()).isEqualTo(new StageRef.Named("build", 0));
  }

  @Test
  void buildkitFromIsCaseSensitiveLegacyIsNot() {
    String text = "FROM scratch AS build\nFROM Build\n";
    assertThat(graph(text, GraphOptions.defaults()).stages().get(1).base())
        .isEqualTo(new StageRef.ExternalImage("Build"));
    assertThat(
            graph(text, new GraphOptions(Map.of(), null, Semantics.LEGACY)).stages().get(1).base())
        .isEqualTo(new StageRef.Named("Build", 0));
  }

  @Test
  void fromIndexIsAnImageInBothSemantics() {
    // Docker 20.10's legacy builder pulls an image named 0 here (the stage corpus checks it).
    String text = "FROM scratch\nFROM 0\n";
    assertThat(graph(text, GraphOptions.defaults()).stages().get(1).base())
        .isEqualTo(new StageRef.ExternalImage("0"));
    assertThat(
            graph(text, new GraphOptions(Map.of(), null, Semantics.LEGACY)).stages().get(1).base())
        .isEqualTo(new StageRef.ExternalImage("0"));
  }

  @Test
  void duplicatesBindFromToLatestEarlierAndCopyFromToLastInFile() {
    String text =
        "FROM scratch AS d\nFROM scratch AS u\nFROM d\nCOPY --from=d /a /a\nFROM scratch AS d\n";
    StageGraph g = graph(text, GraphOptions.defaults().withTarget("u"));
    assertThat(g.stages().get(2).base()).isEqualTo(new StageRef.Named("d", 0));
    assertThat(g.edgesFrom(g.stages().get(2)).get(1).targetStage()).isEqualTo(3);
  }

  @Test
  void reachableBuildOrderAndLegacyBuildsEverythingUpToTarget() {
    String text =
        "FROM scratch AS a\nFROM scratch AS unused\nFROM scratch AS b\n"
            + "FROM b AS c\nCOPY --from=a /x /x\nRUN --mount=from=b,target=/b ls\nFROM scratch\n";
    StageGraph bk = graph(text, GraphOptions.defaults().withTarget("C"));
    assertThat(bk.target().orElseThrow().name()).isEqualTo("c");
    assertThat(bk.reachable()).extracting(Stage::displayName).containsExactly("a", "b", "c");
    assertThat(bk.buildOrder()).extracting(Stage::displayName).containsExactly("a", "b", "c");
    StageGraph legacy = graph(text, new GraphOptions(Map.of(), "c", Semantics.LEGACY));
    assertThat(legacy.reachable())
        .extracting(Stage::displayName)
        .containsExactly("a", "unused", "b", "c");
    assertThat(graph(text, GraphOptions.defaults().withTarget("nope")).target()).isEmpty();
  }

  @Test
  void chainEndsAtTheImageAndListsLayerInstructionsInOrder() {
    String text =
        "FROM dmsb/busybox:1.36 AS base\nRUN a\nENV X=1\nFROM base AS mid\nCOPY x /x\n"
            + "FROM scratch AS other\nFROM mid\nCOPY --from=other /o /o\nRUN b\n";
    StageGraph g = graph(text, GraphOptions.defaults());
    Chain chain = g.chainOf(g.target().orElseThrow());
    assertThat(chain.baseImage()).isEqualTo("dmsb/busybox:1.36");
    assertThat(chain.stages())
        .extracting(Stage::displayName)
        .containsExactly("base", "mid", "stage-3");
    assertThat(chain.layerSteps())
        .extracting(s -> s.instruction().keyword() + "@" + s.instruction().line())
        .containsExactly("RUN@2", "COPY@5", "COPY@8", "RUN@9");
    assertThat(g.chainOf(g.stages().get(2)).root()).isEqualTo(new StageRef.Scratch());
  }

  @Test
  void contextSourcesOfReachableStagesAndBoundedness() {
    String text =
        "FROM scratch AS unused\nCOPY . /all\nFROM scratch\nCOPY src/ /d/\nCOPY [\"a b\", \"/e/\"]\n"
            + "ADD https://x/y /y\nCOPY <<EOF /f\nhi\nEOF\nRUN --mount=type=bind,source=conf,target=/c ls\n";
    ContextSources c = graph(text, GraphOptions.defaults()).contextSources();
    assertThat(c.sources())
        .extracting(ContextSource::pattern)
        .containsExactly("src/", "a b", "conf");
    assertThat(c.bounded()).isTrue();
    ContextSources all = graph(text, GraphOptions.defaults().withTarget("unused")).contextSources();
    assertThat(all.bounded()).isFalse();
    assertThat(
            graph("FROM scratch\nCOPY $X /x\n", GraphOptions.defaults()).contextSources().bounded())
        .isFalse();
    assertThat(
            graph("FROM scratch\nRUN --mount=type=bind,target=/c ls\n", GraphOptions.defaults())
                .contextSources()
                .bounded())
        .isFalse();
  }

  @Test
  void cyclesListEveryReferenceAndSurviveLongChains() {
    StageGraph g =
        graph(
            "FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\nCOPY --from=a /y /y\n",
            GraphOptions.defaults());
    assertThat(g.cycles()).hasSize(1);
    assertThat(g.cycles().get(0)).extracting(e -> e.range().start().line()).containsExactly(2, 4);
    StringBuilder sb = new StringBuilder("FROM scratch AS s0\n");
    for (int i = 1; i < 20_000; i++) {
      sb.append("FROM s").append(i - 1).append(" AS s").append(i).append('\n');
    }
    StageGraph chain = graph(sb.toString(), GraphOptions.defaults());
    assertThat(chain.cycles()).isEmpty();
    assertThat(chain.reachable()).hasSize(20_000);
    assertThat(chain.chainOf(chain.target().orElseThrow()).stages()).hasSize(20_000);
  }
}

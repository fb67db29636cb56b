package dev.dmsb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.verify.ExpectedChain;
import dev.dmsb.verify.ExpectedStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedChainsTest {

  private static ExpectedChain chain(String text, String target) throws Exception {
    StageGraph graph =
        StageGraph.of(
            Dockerfile.parse(text), new GraphOptions(Map.of(), target, Semantics.BUILDKIT));
    return ExpectedChains.of(graph, text);
  }

  @Test
  void namedStageCopiedFrom() throws Exception {
    ExpectedChain c =
        chain(
            "FROM dmsb/busybox:latest AS stage0\n"
                + "COPY app-1.0.tar.gz /tmp/\n"
                + "RUN tar -xzf /tmp/app-1.0.tar.gz -C /tmp\n"
                + "\n"
                + "FROM dmsb/busybox:latest\n"
                + "COPY --from=stage0 /tmp/app-1.0 /opt/app\n"
                + "CMD [\"/opt/app/bin/hello\"]\n",
            null);
    assertThat(c.baseImage()).contains("dmsb/busybox:latest");
    assertThat(c.stages()).containsExactly("1");
    assertThat(c.steps())
        .containsExactly(
            new ExpectedStep("1", 6, "COPY", "/tmp/app-1.0 /opt/app"),
            new ExpectedStep("1", 7, "CMD", "[\"/opt/app/bin/hello\"]"));
  }

  @Test
  void finalStageOnABuilderFollowsTheChainToTheImage() throws Exception {
    ExpectedChain c =
        chain(
            "FROM dmsb/busybox:latest AS builder\n"
                + "RUN echo \\\n  built > /app.bin\n"
                + "FROM builder\n"
                + "ENV A=1\n",
            null);
    assertThat(c.baseImage()).contains("dmsb/busybox:latest");
    assertThat(c.stages()).containsExactly("builder", "1");
    assertThat(c.steps())
        .extracting(ExpectedStep::label, ExpectedStep::keyword, ExpectedStep::arguments)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "builder Dockerfile:2", "RUN", "echo   built > /app.bin"),
            org.assertj.core.groups.Tuple.tuple("1 Dockerfile:5", "ENV", "A=1"));
  }

  @Test
  void targetAndScratch() throws Exception {
    ExpectedChain c =
        chain("FROM scratch AS base\nCOPY a /a\nFROM dmsb/busybox:latest\nRUN true\n", "base");
    assertThat(c.baseImage()).isEqualTo(Optional.empty());
    assertThat(c.stages()).isEqualTo(List.of("base"));
    assertThat(c.finalStage()).isEqualTo("base");
  }

  @Test
  void anUnknownTargetSaysSo() {
    assertThatThrownBy(() -> chain("FROM dmsb/busybox:latest\nRUN true\n", "nope"))
        .isInstanceOf(DockerfileProblemException.class)
        .hasMessageContaining("no stage named 'nope'");
  }
}

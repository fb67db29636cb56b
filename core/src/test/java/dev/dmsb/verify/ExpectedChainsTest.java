package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The samples verified against the chains their own Dockerfiles give, through the stage graph. */
class ExpectedChainsTest {

  static StageGraph graph(String sample, String builder, String target) throws IOException {
    try (InputStream in =
        ExpectedChainsTest.class.getResourceAsStream("samples/" + sample + "/Dockerfile")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Semantics semantics = builder.equals("legacy") ? Semantics.LEGACY : Semantics.BUILDKIT;
      return StageGraph.of(Dockerfile.parse(text), new GraphOptions(Map.of(), target, semantics));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "named,buildkit,4",
    "named,legacy,4",
    "index,buildkit,4",
    "index,legacy,4",
    "stagebase,buildkit,6",
    "stagebase,legacy,6",
    "attrib,buildkit,13",
    "attrib,legacy,13",
    "shipped,buildkit,6",
    "shipped,legacy,6"
  })
  void eachSampleVerifiesAgainstItsOwnDockerfile(String sample, String builder, int lastLine)
      throws Exception {
    ExpectedChain chain = ExpectedChains.of(graph(sample, builder, null));
    VerifyReport report =
        ImageVerifier.verify(
            Samples.engineWith(sample, builder),
            VerifyRequest.of(Samples.image(sample, builder)).withExpected(chain));

    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    assertThat(chain.baseImage()).hasValue(Samples.BUSYBOX);
    assertThat(report.rows().get(report.rows().size() - 1).line()).isEqualTo(lastLine);
    assertThat(report.rows()).extracting(HistoryRow::verdict).doesNotContain(Verdict.FOREIGN);
  }

  @Test
  void theShippedBuilderIsNamedByTheGraphsStageName() throws Exception {
    ExpectedChain chain = ExpectedChains.of(graph("shipped", "buildkit", null));

    assertThat(chain.stages()).containsExactly("builder", "stage-1");
    VerifyReport report =
        ImageVerifier.verify(
            Samples.engineWith("shipped", "buildkit"),
            VerifyRequest.of(Samples.image("shipped", "buildkit"))
                .withExpected(chain)
                .withStrict(true));
    assertThat(report.passed()).isFalse();
    assertThat(report.findings()).extracting(Finding::rule).containsExactly("builder-shipped");
  }

  @Test
  void aTargetStageThatIsNotTheImageFails() throws Exception {
    ExpectedChain builderOnly = ExpectedChains.of(graph("shipped", "buildkit", "builder"));
    VerifyReport report =
        ImageVerifier.verify(
            Samples.engineWith("shipped", "buildkit"),
            VerifyRequest.of(Samples.image("shipped", "buildkit")).withExpected(builderOnly));

    assertThat(report.passed()).isFalse();
    assertThat(report.findings()).extracting(Finding::rule).contains("foreign-layer");
  }

  @Test
  void anUnknownTargetSaysSo() {
    assertThatThrownBy(() -> ExpectedChains.of(graph("named", "buildkit", "nope")))
        .isInstanceOf(VerifyException.class)
        .hasMessageContaining("--target");
  }
}

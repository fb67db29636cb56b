package dev.dmsb.dockerfile.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.instruction.Dockerfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BuildKit's word expansion as the stage graph uses it (issue 15). */
class WordExpansionTest {
  private static final Map<String, String> SCOPE =
      Map.of("P", "linux/amd64", "FOO", "xxyy", "EMPTY", "");

  @Test
  void patternOperatorsExpand() {
    assertThat(ArgExpander.expand("${P#linux/amd64}|${P#*/}|${P%/*}", SCOPE, '\\').value())
        .isEqualTo("|amd64|linux");
    assertThat(ArgExpander.expand("${FOO##*x}|${FOO%%y*}|${FOO//x/a}|${FOO/y/b}", SCOPE, '\\'))
        .extracting(ArgExpander.Result::value)
        .isEqualTo("yy|xx|aayy|xxby");
  }

  @Test
  void errorsAreReportedNotSwallowed() {
    ArgExpander.Result r = ArgExpander.expand("${NO?must be set}", SCOPE, '\\');
    assertThat(r.error()).contains("NO: must be set");
    assertThat(ArgExpander.expand("${FOO:#x}", SCOPE, '\\').error()).isNotNull();
    assertThat(ArgExpander.expand("${FOO", SCOPE, '\\').error()).contains("missing '}'");
  }

  @Test
  void legacyBuilderOfDocker2010KnowsOnlyTheColonForms() {
    assertThat(ArgExpander.expand("${EMPTY:-d}", SCOPE, '\\', Semantics.LEGACY).value())
        .isEqualTo("d");
    assertThat(ArgExpander.expand("${EMPTY-d}", SCOPE, '\\', Semantics.LEGACY).error())
        .contains("missing ':' in substitution");
    assertThat(ArgExpander.expand("${P#linux/}", SCOPE, '\\', Semantics.LEGACY).error())
        .isNotNull();
  }

  private static final String DELVE =
      """
      ARG DELVE_SUPPORTED=${TARGETPLATFORM#linux/amd64}
      ARG DELVE_SUPPORTED=${DELVE_SUPPORTED#linux/arm64}
      ARG DELVE_SUPPORTED=${DELVE_SUPPORTED:+"unsupported"}
      ARG DELVE_SUPPORTED=${DELVE_SUPPORTED:-"supported"}
      FROM busybox AS base
      FROM base AS delve-supported
      RUN build delve
      FROM scratch AS delve-unsupported
      FROM delve-${DELVE_SUPPORTED} AS delve
      FROM base AS dev
      COPY --from=delve / /usr/local/bin/
      """;

  @Test
  void delveStageIsChosenByThePlatformPattern() {
    StageGraph amd64 =
        StageGraph.of(
            Dockerfile.parse(DELVE),
            new GraphOptions(Map.of("TARGETPLATFORM", "linux/amd64"), null, Semantics.BUILDKIT));
    assertThat(amd64.stages().get(3).base()).isEqualTo(new StageRef.Named("delve-supported", 1));
    assertThat(amd64.reachable())
        .extracting(Stage::displayName)
        .containsExactlyInAnyOrder("base", "delve-supported", "delve", "dev");

    StageGraph s390x =
        StageGraph.of(
            Dockerfile.parse(DELVE),
            new GraphOptions(Map.of("TARGETPLATFORM", "linux/s390x"), null, Semantics.BUILDKIT));
    assertThat(s390x.stages().get(3).base()).isEqualTo(new StageRef.Named("delve-unsupported", 2));
    assertThat(s390x.reachable())
        .extracting(Stage::displayName)
        .containsExactlyInAnyOrder("base", "delve-unsupported", "delve", "dev");
  }

  @Test
  void delveOnThisMachineDefaultsToTheBuildPlatform() {
    String arch = System.getProperty("os.arch");
    StageGraph g = StageGraph.of(Dockerfile.parse(DELVE), GraphOptions.defaults());
    String expected =
        List.of("amd64", "x86_64", "aarch64", "arm64").contains(arch)
            ? "delve-supported"
            : "delve-unsupported";
    assertThat(((StageRef.Named) g.stages().get(3).base()).written()).isEqualTo(expected);
  }

  @Test
  void fromWhoseExpansionFailsIsInvalid() {
    StageGraph g = StageGraph.of(Dockerfile.parse("FROM ${X?need_X}\n"), GraphOptions.defaults());
    assertThat(g.stages().get(0).base()).isInstanceOf(StageRef.Invalid.class);
    assertThat(((StageRef.Invalid) g.stages().get(0).base()).reason()).contains("X: need_X");
  }

  @Test
  void lintSaysWhichFormsTheLegacyBuilderLacks() {
    String text = "ARG V=linux/amd64\nFROM busybox:${V#linux/}\n";
    var buildkit =
        dev.dmsb.dockerfile.check.Linter.lint(
            "Dockerfile", text, dev.dmsb.dockerfile.check.LintOptions.defaults());
    assertThat(buildkit.graph().orElseThrow().stages().get(0).baseName())
        .isEqualTo("busybox:amd64");
    assertThat(buildkit.diagnostics()).noneMatch(d -> d.severity().name().equals("ERROR"));
    var legacy =
        dev.dmsb.dockerfile.check.Linter.lint(
            "Dockerfile",
            text,
            new dev.dmsb.dockerfile.check.LintOptions(
                new GraphOptions(Map.of(), null, Semantics.LEGACY)));
    assertThat(legacy.diagnostics())
        .anySatisfy(
            d -> {
              assertThat(d.rule().id()).isEqualTo("ParseError");
              assertThat(d.message()).contains("missing ':' in substitution");
              assertThat(d.suggestion()).contains("legacy builder");
            });
  }
}

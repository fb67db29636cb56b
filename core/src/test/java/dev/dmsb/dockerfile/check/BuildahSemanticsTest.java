package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Buildah's stage rules (Podman 4.3.1, Buildah 1.28), as the stage corpus recorded them against the
 * engine ({@code buildah.engine} lines), pinned here without the engine: each case is one where
 * Buildah parts from BuildKit or the legacy builder.
 */
class BuildahSemanticsTest {
  static final String B = "FROM dmsb/busybox:1.36";

  static Set<String> errors(String text, Semantics semantics) {
    return errors(text, null, semantics);
  }

  static Set<String> errors(String text, String target, Semantics semantics) {
    return Linter.lint(
            "Dockerfile", text, new LintOptions(new GraphOptions(Map.of(), target, semantics)))
        .diagnostics()
        .stream()
        .filter(d -> d.severity() == Severity.ERROR)
        .map(d -> d.rule().id())
        .collect(Collectors.toSet());
  }

  @Test
  void fromAnIndexNamesThatEarlierStage() {
    // corpus from-index: Buildah converts the index to the stage's name; Docker pulls "0"
    String text = B + "\nRUN echo hi > /out.txt\nFROM 0\nRUN cat /out.txt\n";
    assertThat(errors(text, Semantics.BUILDAH)).isEmpty();
    assertThat(errors(text, Semantics.BUILDKIT)).contains("FromStageIndex");
    StageGraph g =
        StageGraph.of(
            dev.dmsb.dockerfile.instruction.Dockerfile.parse(text),
            new GraphOptions(Map.of(), null, Semantics.BUILDAH));
    assertThat(g.stages().get(1).base().stageIndex()).hasValue(0);
  }

  @Test
  void copyFromMatchesTheNameAsWritten() {
    // corpus valid-copy-from-name-other-case: "COPY --from=BUILD: no stage or image found"
    String text = B + " AS build\nRUN true\n" + B + "\nCOPY --from=BUILD /etc/hostname /x\n";
    assertThat(errors(text, Semantics.BUILDAH)).contains("UndefinedStage");
    assertThat(errors(text, Semantics.BUILDKIT)).isEmpty();
    assertThat(errors(text, Semantics.LEGACY)).isEmpty();
  }

  @Test
  void theTargetMatchesAsWritten() {
    // corpus valid-target-other-case: "The target ... was not found"
    String text = B + " AS build\nRUN true\n" + B + "\nRUN true\n";
    assertThat(errors(text, "BUILD", Semantics.BUILDAH)).contains("UnknownTarget");
    assertThat(errors(text, "BUILD", Semantics.BUILDKIT)).isEmpty();
  }

  @Test
  void duplicateNamesRunFlagsAndUnusedStagesAreNoErrors() {
    // corpus duplicate-names, run-mount-cache-legacy, unreachable-broken-stage: Buildah builds
    String dup = B + " AS x\nRUN true\n" + B + " AS x\nRUN true\n";
    assertThat(errors(dup, Semantics.BUILDAH)).isEmpty();
    assertThat(errors(dup, Semantics.LEGACY)).contains("DuplicateStageName");
    String mount = B + "\nRUN --mount=type=cache,target=/c true\nCOPY --chmod=755 a /a\n";
    assertThat(errors(mount, Semantics.BUILDAH)).isEmpty();
    assertThat(errors(mount, Semantics.LEGACY)).contains("BuildKitOnly");
    String unused = B + " AS broken\nCOPY --from=later /x /x\n" + B + " AS later\nRUN true\n";
    assertThat(errors(unused, Semantics.BUILDAH)).isEmpty();
    assertThat(errors(unused, Semantics.LEGACY)).contains("ForwardStageReference");
  }

  @Test
  void aForwardCopyFromFailsEvenWhereBuildKitBuildsIt() {
    // corpus forward-copy-from-name-silent: "COPY --from=two: no stage or image found"
    String text =
        B
            + " AS one\nCOPY --from=two /etc/hostname /x\n"
            + B
            + " AS two\nRUN true\n"
            + B
            + "\nCOPY --from=one /x /x\n";
    assertThat(errors(text, Semantics.BUILDAH)).contains("ForwardStageReference");
  }

  static List<Diagnostic> findings(String text, String rule, Semantics semantics) {
    return Linter.lint(
            "Dockerfile", text, new LintOptions(new GraphOptions(Map.of(), null, semantics)))
        .diagnostics()
        .stream()
        .filter(d -> d.rule().id().equals(rule))
        .toList();
  }

  @Test
  void fromInOtherCaseNamesBuildahWhoseRulesApply() {
    // corpus from-stage-other-case: "creating build container: repository name must be lowercase"
    String text = B + " AS build\nRUN true\nFROM Build\nRUN true\n";
    assertThat(findings(text, "FromStageCasing", Semantics.BUILDAH))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.message())
                  .contains("Buildah matches FROM case-sensitively")
                  .contains("repository name must be lowercase")
                  .doesNotContain("BuildKit");
              assertThat(d.suggestion()).isEqualTo("FROM build");
            });
    assertThat(findings(text, "FromStageCasing", Semantics.BUILDKIT))
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("BuildKit matches FROM case-sensitively"));
  }

  @Test
  void aLowerCaseFromOfAnUpperCaseStageIsAPullForBuildah() {
    // Buildah matches as written: FROM build for AS Build is the image "build", not the stage,
    // and the fix is the name as written (BuildKit lower-cases AS Build and matches it)
    String text = B + " AS Build\nRUN true\nFROM build\nRUN true\n";
    assertThat(findings(text, "FromStageCasing", Semantics.BUILDKIT)).isEmpty();
    assertThat(findings(text, "FromStageCasing", Semantics.BUILDAH))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.message())
                  .contains("Buildah matches FROM case-sensitively")
                  .contains("pulls an image named build")
                  .doesNotContain("BuildKit");
              assertThat(d.suggestion()).isEqualTo("FROM Build");
            });
  }

  @Test
  void aStageNamedScratchDoesNotShadowFromScratchForBuildah() {
    // corpus reserved-name-scratch-shadows: Buildah takes FROM scratch for the empty image
    String text = B + " AS scratch\nRUN true\nFROM scratch\nRUN true\n";
    assertThat(findings(text, "ReservedStageName", Semantics.BUILDAH))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .contains("Buildah takes a later 'FROM scratch' for the empty image")
                    .doesNotContain("will use this stage"));
    assertThat(findings(text, "ReservedStageName", Semantics.BUILDKIT))
        .singleElement()
        .satisfies(
            d -> assertThat(d.message()).contains("later 'FROM scratch' will use this stage"));
  }

  @Test
  void aLaterStageInASkippedStageNamesBuildahAsTheBuilderThatSkipsIt() {
    // corpus from-later-stage-unreachable: Buildah builds it, skipping the stage as BuildKit does
    String text = "FROM later AS early\nRUN true\n" + B + " AS later\nRUN true\n";
    assertThat(findings(text, "FromLaterStage", Semantics.BUILDAH))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .contains("Buildah skips this stage for the target")
                    .doesNotContain("BuildKit"));
    assertThat(findings(text, "FromLaterStage", Semantics.BUILDKIT))
        .singleElement()
        .satisfies(
            d -> assertThat(d.message()).contains("BuildKit skips this stage for the target"));
  }
}

package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verdicts that the stage corpus (integration-tests, {@code StageCorpusIT}) found dmsb getting
 * wrong against the real engine (Docker 20.10), pinned here without the engine.
 */
class EngineParityTest {
  static final String B = "FROM dmsb/busybox:1.36";

  static LintResult lint(String text, Semantics semantics) {
    return Linter.lint(
        "Dockerfile", text, new LintOptions(new GraphOptions(Map.of(), null, semantics)));
  }

  static Diagnostic only(LintResult r, Rule rule) {
    return r.diagnostics().stream().filter(d -> d.rule() == rule).findFirst().orElseThrow();
  }

  @Test
  void fromIndexIsAnErrorForTheLegacyBuilderToo() {
    // The legacy builder looks FROM up by stage name only, then by local image ID prefix, then
    // pulls an image named 0.
    String text = B + " AS first\nRUN echo hi > /out.txt\nFROM 0\nRUN cat /out.txt\n";
    Diagnostic d = only(lint(text, Semantics.LEGACY), Rules.FROM_STAGE_INDEX);
    assertThat(d.severity()).isEqualTo(Severity.ERROR);
    assertThat(d.message())
        .contains("image named '0' and pulls it")
        .contains("local image whose ID starts with '0'");
    assertThat(d.suggestion()).isEqualTo("FROM first");
    assertThat(only(lint(text, Semantics.BUILDKIT), Rules.FROM_STAGE_INDEX).severity())
        .isEqualTo(Severity.ERROR);
  }

  @Test
  void aFromThatPullsByMistakeInAStageBuildKitSkipsIsAWarningThere() {
    // BuildKit builds these (the unused stage's base is parsed, not resolved); legacy fails.
    String later = "FROM later AS unused\nRUN true\n" + B + " AS later\nRUN true\n";
    String index = B + "\nRUN true\nFROM 0 AS unused\n" + B + "\nRUN true\n";
    for (String text : new String[] {later, index}) {
      Diagnostic bk =
          lint(text, Semantics.BUILDKIT).diagnostics().stream()
              .filter(d -> d.rule() == Rules.FROM_LATER_STAGE || d.rule() == Rules.FROM_STAGE_INDEX)
              .findFirst()
              .orElseThrow();
      assertThat(bk.severity()).as(text).isEqualTo(Severity.WARNING);
      assertThat(bk.message()).contains("BuildKit skips this stage");
      assertThat(lint(text, Semantics.LEGACY).hasErrors()).as(text).isTrue();
    }
    // Built for the target, the same FROM is an error with BuildKit too.
    LintResult reachable =
        Linter.lint(
            "Dockerfile",
            later,
            new LintOptions(new GraphOptions(Map.of(), "unused", Semantics.BUILDKIT)));
    assertThat(only(reachable, Rules.FROM_LATER_STAGE).severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void theDisplayNameOfAnUnnamedStageIsNoReference() {
    // Both builders pull an image named stage-0 here; dmsb said nothing but "untagged image".
    String text = B + "\nRUN echo hi > /out.txt\n" + B + "\nCOPY --from=stage-0 /out.txt /o\n";
    for (Semantics semantics : Semantics.values()) {
      Diagnostic d = only(lint(text, semantics), Rules.UNDEFINED_STAGE);
      assertThat(d.severity()).isEqualTo(Severity.ERROR);
      assertThat(d.message()).contains("display name for stage 0");
      assertThat(d.suggestion()).isEqualTo("0");
    }
    String named = B + " AS build\n" + B + "\nRUN --mount=from=stage-0,target=/s ls /s\n";
    assertThat(only(lint(named, Semantics.BUILDKIT), Rules.UNDEFINED_STAGE).suggestion())
        .isEqualTo("build");
    // No stage 5: an ordinary image reference, left to the image checks.
    assertThat(lint(B + "\nCOPY --from=stage-5 /x /x\n", Semantics.BUILDKIT).ruleIds())
        .doesNotContain("UndefinedStage");
  }

  @Test
  void platformOnAStageIsIgnoredByBuildKitButCheckedByTheLegacyBuilder() {
    // The legacy builder fails: "image ... does not match the specified platform".
    String text = B + " AS base\nFROM --platform=linux/arm64 base\n";
    assertThat(only(lint(text, Semantics.BUILDKIT), Rules.PLATFORM_ON_STAGE_REFERENCE).message())
        .startsWith("--platform is ignored");
    assertThat(only(lint(text, Semantics.LEGACY), Rules.PLATFORM_ON_STAGE_REFERENCE).message())
        .startsWith("--platform must match")
        .contains("legacy builder fails");
  }
}

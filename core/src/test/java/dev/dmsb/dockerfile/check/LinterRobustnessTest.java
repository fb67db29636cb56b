package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hostile inputs get diagnostics, not exceptions or stack overflows. */
class LinterRobustnessTest {
  static LintResult lint(String text) {
    return Linter.lint("Dockerfile", text, LintOptions.defaults());
  }

  @Test
  void megabyteLine() {
    LintResult r = lint("FROM scratch\nRUN " + "x".repeat(1_000_000) + "\n");
    assertThat(r.graph()).isPresent();
    assertThat(r.ruleIds()).containsExactly("ParseError");
  }

  @Test
  void tenThousandContinuations() {
    LintResult r = lint("FROM scratch\nRUN a \\\n" + "  b \\\n".repeat(10_000) + "  c\n");
    assertThat(r.graph()).isPresent();
    assertThat(r.diagnostics()).isEmpty();
  }

  @Test
  void deeplyNestedVariablesInFrom() {
    String deep = "${A:-".repeat(50_000) + "scratch" + "}".repeat(50_000);
    LintResult r = lint("ARG A\nFROM " + deep + "\n");
    assertThat(r.graph()).isPresent();
  }

  @Test
  void deeplyNestedJson() {
    LintResult r = lint("FROM scratch\nCMD " + "[".repeat(100_000) + "\n");
    assertThat(r.graph()).isPresent();
  }

  @Test
  void thousandsOfUnresolvedBareImagesStillSuggestOnlyNearNames() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      sb.append("FROM img").append(i).append(":1 AS stage").append(i).append('\n');
    }
    sb.append("FROM scratch\nCOPY --from=stage2999x /a /a\n");
    LintResult r = lint(sb.toString());
    assertThat(r.diagnostics())
        .filteredOn(d -> d.ruleId().equals("UndefinedStage"))
        .extracting(Diagnostic::suggestion)
        .containsExactly("stage2999");
  }
}

package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A named stage the target does not use is another target (bake files, CI matrices): a note that
 * says how to build it. Only a stage no {@code --target} can build is a warning.
 */
class UnreachableStageTest {
  static final String B = "FROM dmsb/busybox:1.36";

  static List<Diagnostic> unreachable(String text) {
    return Linter.lint("Dockerfile", text, LintOptions.defaults()).diagnostics().stream()
        .filter(d -> d.rule() == Rules.UNREACHABLE_STAGE)
        .toList();
  }

  @Test
  void aNamedStageNothingUsesIsANoteOnHowToBuildIt() {
    List<Diagnostic> found = unreachable(B + " AS test\nRUN true\n" + B + " AS app\n");
    assertThat(found).hasSize(1);
    Diagnostic d = found.get(0);
    assertThat(d.severity()).isEqualTo(Severity.INFO);
    assertThat(d.message()).contains("'test'").contains("a target of its own");
    assertThat(d.suggestion()).isEqualTo("build it with --target test");
  }

  @Test
  void aStageUsedByAnotherTargetGetsNoFinding() {
    String text = B + " AS deps\n" + "FROM deps AS test\nRUN true\n" + B + " AS app\n";
    assertThat(unreachable(text))
        .extracting(d -> d.stage() + " " + d.severity())
        .containsExactly("test INFO");
  }

  @Test
  void anUnnamedStageNothingUsesCanNeverBeBuilt() {
    List<Diagnostic> found = unreachable(B + "\nRUN true\n" + B + " AS app\n");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(found.get(0).message()).contains("can never be built");
  }

  @Test
  void aShadowedStageNothingUsesCanNeverBeBuilt() {
    String text = B + " AS dup\nRUN true\n" + B + " AS dup\nRUN true\n" + B + " AS app\n";
    assertThat(unreachable(text))
        .extracting(d -> d.range().start().line() + " " + d.severity())
        .containsExactly("1 WARNING", "3 INFO");
  }
}

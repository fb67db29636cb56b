package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BuildKit's {@code # check=} directive and dmsb's {@code --skip}/{@code --error-on}. */
class CheckConfigTest {
  static final String B = "FROM dmsb/busybox:1.36";
  static final String NOISY = B + " AS Base\nMAINTAINER me\nCMD echo hi\nFROM dmsb/busybox AS x\n";

  static LintResult lint(String text, CheckConfig flags) {
    return Linter.lint("Dockerfile", text, LintOptions.defaults().withChecks(flags));
  }

  @Test
  void readsTheDirectiveAsBuildKitDoes() {
    CheckConfig c =
        CheckConfig.parseDirective(" skip = JSONArgsRecommended, StageNameCasing ;error=1");
    assertThat(c.skip()).containsExactlyInAnyOrder("JSONArgsRecommended", "StageNameCasing");
    assertThat(c.errorOnChecks()).isTrue();
    assertThat(CheckConfig.parseDirective("skip=all").skipAll()).isTrue();
    assertThat(CheckConfig.parseDirective("experimental=all").experimentalAll()).isTrue();
    assertThat(CheckConfig.parseDirective("").skip()).isEmpty();
    assertThatThrownBy(() -> CheckConfig.parseDirective("skip"))
        .hasMessage("invalid check option \"skip\"");
    assertThatThrownBy(() -> CheckConfig.parseDirective("nope=1"))
        .hasMessage("invalid check option \"nope\"");
    assertThatThrownBy(() -> CheckConfig.parseDirective("error=maybe"))
        .hasMessageContaining("failed to parse check option \"error=maybe\"");
  }

  @Test
  void theDirectiveSkipsRules() {
    LintResult all = lint(NOISY, CheckConfig.defaults());
    assertThat(all.ruleIds())
        .contains("StageNameCasing", "MaintainerDeprecated", "JSONArgsRecommended");
    LintResult some =
        lint(
            "# check=skip=MaintainerDeprecated,JSONArgsRecommended\n" + NOISY,
            CheckConfig.defaults());
    assertThat(some.ruleIds())
        .contains("StageNameCasing")
        .doesNotContain("MaintainerDeprecated", "JSONArgsRecommended");
    assertThat(some.checks().skippedRules())
        .containsExactlyInAnyOrder("MaintainerDeprecated", "JSONArgsRecommended");
  }

  @Test
  void skipAllLeavesOnlyErrors() {
    String text = "# check=skip=all\n" + NOISY + "COPY --from=bsae /a /a\n";
    assertThat(lint(text, CheckConfig.defaults()).diagnostics())
        .allSatisfy(d -> assertThat(d.severity()).isEqualTo(Severity.ERROR))
        .isNotEmpty();
  }

  @Test
  void errorTrueMakesBuildKitsChecksErrorsButNotDmsbsNotes() {
    LintResult r = lint("# check=error=true\n" + NOISY, CheckConfig.defaults());
    assertThat(r.hasErrors()).isTrue();
    for (Diagnostic d : r.diagnostics()) {
      assertThat(d.severity())
          .as(d.ruleId())
          .isEqualTo(d.rule().isBuildKitCheck() ? Severity.ERROR : d.rule().severity());
    }
  }

  @Test
  void flagsAddToTheDirective() {
    CheckConfig flags = CheckConfig.ofFlags(List.of("StageNameCasing"), List.of("UntaggedImage"));
    LintResult r = lint("# check=skip=MaintainerDeprecated\n" + NOISY, flags);
    assertThat(r.ruleIds()).doesNotContain("StageNameCasing", "MaintainerDeprecated");
    assertThat(r.diagnostics())
        .filteredOn(d -> d.ruleId().equals("UntaggedImage"))
        .extracting(Diagnostic::severity)
        .containsExactly(Severity.ERROR);
    assertThat(r.checks().erroringRules()).containsExactly("UntaggedImage");
  }

  @Test
  void experimentalChecksRunOnlyWhenAskedFor() {
    String text = "# compiles\n" + B + " AS build\n";
    assertThat(lint(text, CheckConfig.defaults()).ruleIds())
        .doesNotContain("InvalidDefinitionDescription");
    assertThat(
            lint(
                    "# check=experimental=InvalidDefinitionDescription\n" + text,
                    CheckConfig.defaults())
                .ruleIds())
        .contains("InvalidDefinitionDescription");
  }

  @Test
  void aDirectiveBuildKitCannotReadIsAParseError() {
    LintResult r = lint("# check=skip\n" + B + "\n", CheckConfig.defaults());
    assertThat(r.diagnostics())
        .filteredOn(d -> d.ruleId().equals("ParseError"))
        .extracting(Diagnostic::message)
        .containsExactly("failed to parse check options: invalid check option \"skip\"");
  }

  @Test
  void everyBuildKitCheckHasItsDocPage() {
    assertThat(Rules.all().stream().filter(Rule::isBuildKitCheck).map(Rule::id)).hasSize(22);
    assertThat(BuildKitRules.url("JSONArgsRecommended"))
        .isEqualTo("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/");
    assertThat(BuildKitRules.url("FromPlatformFlagConstDisallowed"))
        .isEqualTo(
            "https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/");
  }
}

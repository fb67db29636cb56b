package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks that need a base image's config: with it, as BuildKit does; without it, no guess (dmsb
 * lint reads no image).
 */
class BaseImageFactsTest {
  static final ImageFacts ARM =
      new ImageFacts(
          "linux", "aarch64", "v8", List.of("PATH=/bin", "JAVA_HOME=/opt/java"), List.of());

  static LintResult lint(String text, BaseImages images) {
    return Linter.lint("Dockerfile", text, LintOptions.defaults().withImages(images));
  }

  @Test
  void aBaseImageOfAnotherPlatformIsReported() {
    BaseImages arm = (ref, platform) -> Optional.of(ARM);
    String text = "FROM example/arm-only:1\nRUN true\n";
    String host = Platforms.parse(System.getProperty("os.arch")).get().architecture();
    List<Diagnostic> found =
        lint(text, arm).diagnostics().stream()
            .filter(d -> d.ruleId().equals("InvalidBaseImagePlatform"))
            .toList();
    if (host.equals("arm64")) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).hasSize(1);
      assertThat(found.get(0).message())
          .isEqualTo(
              "Base image example/arm-only:1 was pulled with platform \"linux/arm64/v8\","
                  + " expected \"linux/"
                  + host
                  + "\" for current build");
    }
    // asked for arm64, it is arm64
    assertThat(lint("FROM --platform=linux/arm64 example/arm-only:1 AS x-arm64\n", arm).ruleIds())
        .doesNotContain("InvalidBaseImagePlatform");
    // no config known: nothing said
    assertThat(lint(text, BaseImages.NONE).ruleIds()).doesNotContain("InvalidBaseImagePlatform");
  }

  @Test
  void undefinedVarKnowsTheBaseImagesEnvironmentOnlyWhenGivenIt() {
    String text = "FROM example/jdk:21\nENV PATH=$JAVA_HOME/bin:$PATH\nENV X=$NOPE\n";
    BaseImages jdk = (ref, platform) -> Optional.of(ARM);
    assertThat(lint(text, jdk).diagnostics())
        .filteredOn(d -> d.ruleId().equals("UndefinedVar"))
        .extracting(Diagnostic::message)
        .containsExactly("Usage of undefined variable '$NOPE'");
    // without the config, JAVA_HOME may come from the image: no guess
    assertThat(lint(text, BaseImages.NONE).ruleIds()).doesNotContain("UndefinedVar");
    // on scratch everything is known
    assertThat(lint("FROM scratch\nENV X=$NOPE\n", BaseImages.NONE).ruleIds())
        .contains("UndefinedVar");
  }

  @Test
  void aShellFromTheImageConfigSilencesJsonArgsRecommended() {
    ImageFacts withShell = new ImageFacts("linux", "amd64", "", List.of(), List.of("pwsh", "-c"));
    String text = "FROM example/win:1\nCMD echo hi\n";
    assertThat(lint(text, (r, p) -> Optional.of(withShell)).ruleIds())
        .doesNotContain("JSONArgsRecommended");
    assertThat(lint(text, BaseImages.NONE).ruleIds()).contains("JSONArgsRecommended");
  }
}

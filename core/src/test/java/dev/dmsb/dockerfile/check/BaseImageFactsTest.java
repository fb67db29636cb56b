package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
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
              "Base image example/arm-only:1 was pulled with platform \"linux/arm64\","
                  + " expected \"linux/"
                  + host
                  + "\" for current build");
    }
    // asked for arm64, it is arm64
    assertThat(lint("FROM --platform=linux/arm64 example/arm-only:1 AS x-arm64\n", arm).ruleIds())
        .doesNotContain("InvalidBaseImagePlatform");
    // no config known: nothing said
    assertThat(lint(text, BaseImages.NONE).ruleIds()).doesNotContain("InvalidBaseImagePlatform");
    // the build's --platform is what the stage is built for: there arm64 is right, amd64 not
    LintOptions forArm =
        LintOptions.defaults()
            .withImages(arm)
            .withGraph(GraphOptions.defaults().withPlatform("linux/arm64"));
    assertThat(Linter.lint("Dockerfile", text, forArm).ruleIds())
        .doesNotContain("InvalidBaseImagePlatform");
    LintOptions forAmd =
        LintOptions.defaults()
            .withImages(arm)
            .withGraph(GraphOptions.defaults().withPlatform("linux/amd64"));
    assertThat(Linter.lint("Dockerfile", text, forAmd).diagnostics())
        .filteredOn(d -> d.ruleId().equals("InvalidBaseImagePlatform"))
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("expected \"linux/amd64\""))
        .satisfies(d -> assertThat(d.rule().url()).isNull())
        .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING));
  }

  @Test
  void withNoPlatformAskedAnImageTheMachineRunsNativelyIsAdopted() {
    String host = Platforms.parse(System.getProperty("os.arch")).get().architecture();
    String other = host.equals("amd64") ? "386" : "arm";
    BaseImages i386 =
        (ref, p) -> Optional.of(new ImageFacts("linux", other, "", List.of(), List.of()));
    assertThat(lint("FROM example/x86:1\n", i386).ruleIds())
        .doesNotContain("InvalidBaseImagePlatform");
    // asked for the host's platform, it is not
    assertThat(lint("FROM --platform=$TARGETPLATFORM example/x86:1\n", i386).ruleIds())
        .contains("InvalidBaseImagePlatform");
  }

  @Test
  void anImageThatCannotBeReadIsNamedOnceWithTheChecksThatDidNotRun() {
    BaseImages down =
        (ref, p) -> {
          throw new BaseImages.Unavailable("registry 127.0.0.1:1 did not answer");
        };
    LintResult r = lint("FROM 127.0.0.1:1/app:1 AS a\nENV X=$NOPE\nFROM 127.0.0.1:1/app:1\n", down);
    assertThat(r.diagnostics())
        .filteredOn(d -> d.ruleId().equals("BaseImageUnread"))
        .singleElement()
        .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.INFO))
        .satisfies(
            d ->
                assertThat(d.message())
                    .contains("127.0.0.1:1/app:1", "did not answer", "InvalidBaseImagePlatform"));
    // and UndefinedVar does not guess: the image may define NOPE
    assertThat(r.ruleIds()).doesNotContain("UndefinedVar");
    assertThat(r.hasErrors()).isFalse();
  }

  @Test
  void theImagesOnbuildTriggersRunAtTheFromOfTheStageBuiltOnIt() {
    ImageFacts withTriggers =
        new ImageFacts(
            "linux",
            "amd64",
            "",
            List.of("APP=/app"),
            List.of(),
            List.of("ENV T=$FROM_TRIGGER", "WORKDIR $APP/lib"));
    String text = "FROM example/onbuild:1\nENV Y=$T\n";
    LintResult r = lint(text, (ref, p) -> Optional.of(withTriggers));
    assertThat(r.diagnostics())
        .filteredOn(d -> d.ruleId().equals("UndefinedVar"))
        .singleElement()
        .satisfies(
            d -> assertThat(d.message()).isEqualTo("Usage of undefined variable '$FROM_TRIGGER'"))
        .satisfies(d -> assertThat(d.range().start().line()).isEqualTo(1));
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

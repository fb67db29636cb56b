package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --skip}, {@code --error-on}, the {@code # check=} directive, in every format. */
class LintChecksOptionsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static final String NOISY = "FROM dmsb/busybox:1.36\nMAINTAINER me\nCMD echo hi\n";

  Path write(String text) throws IOException {
    Path p = dir.resolve("Dockerfile");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void buildKitChecksShowWithTheirDocPage() throws IOException {
    Run r = run("lint", "--no-color", write(NOISY).toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("warning[MaintainerDeprecated]")
        .contains("  = see: https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/")
        .contains("warning[JSONArgsRecommended]");
  }

  @Test
  void skipLeavesRulesOutAndSaysSo() throws IOException {
    Path df = write(NOISY);
    Run r = run("lint", "--no-color", "--skip", "MaintainerDeprecated", df.toString());
    assertThat(r.out())
        .doesNotContain("[MaintainerDeprecated]")
        .contains("[JSONArgsRecommended]")
        .contains("skipped rules: MaintainerDeprecated\n");
    Run both = run("lint", "--skip=MaintainerDeprecated,JSONArgsRecommended", df.toString());
    assertThat(both.out()).isEmpty();
    assertThat(both.code()).isZero();
  }

  @Test
  void errorOnFailsTheLint() throws IOException {
    Path df = write(NOISY);
    Run r = run("lint", "--no-color", "--error-on", "JSONArgsRecommended", df.toString());
    assertThat(r.code()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out())
        .contains("error[JSONArgsRecommended]")
        .contains("warning[MaintainerDeprecated]")
        .contains("rules reported as errors: JSONArgsRecommended\n");
  }

  @Test
  void theDirectiveWorksAsInBuildKit() throws IOException {
    Path df = write("# check=skip=MaintainerDeprecated;error=true\n" + NOISY);
    Run r = run("lint", "--no-color", df.toString());
    assertThat(r.code()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).contains("error[JSONArgsRecommended]").doesNotContain("Maintainer]");
  }

  @Test
  void unknownOrUnskippableRulesAreUsageErrors() throws IOException {
    Path df = write(NOISY);
    Run typo = run("lint", "--skip", "JSONArgsRecomended", df.toString());
    assertThat(typo.code()).isEqualTo(ExitCode.USAGE);
    assertThat(typo.err())
        .contains("--skip JSONArgsRecomended: no such rule (did you mean JSONArgsRecommended?)");
    Run error = run("lint", "--skip", "UndefinedStage", df.toString());
    assertThat(error.code()).isEqualTo(ExitCode.USAGE);
    assertThat(error.err()).contains("cannot be skipped");
    assertThat(run("lint", "--error-on", "Nope", df.toString()).code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void jsonAndSarifCarryTheChoice() throws Exception {
    Path df = write(NOISY);
    Run json =
        run(
            "lint",
            "--format",
            "json",
            "--skip",
            "MaintainerDeprecated",
            "--error-on",
            "all",
            df.toString());
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertThat(j.get("checks").get("skipped").toString()).isEqualTo("[\"MaintainerDeprecated\"]");
    assertThat(j.get("checks").get("errorOn").toString()).contains("JSONArgsRecommended");
    assertThat(j.get("diagnostics").get(0).get("url").asText())
        .isEqualTo("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/");
    Run sarif = run("lint", "--format", "sarif", "--skip", "MaintainerDeprecated", df.toString());
    JsonNode runNode = new ObjectMapper().readTree(sarif.out()).get("runs").get(0);
    JsonNode override = runNode.get("invocations").get(0).get("ruleConfigurationOverrides").get(0);
    assertThat(override.get("descriptor").get("id").asText()).isEqualTo("MaintainerDeprecated");
    assertThat(override.get("configuration").get("enabled").asBoolean()).isFalse();
    assertThat(runNode.get("results").toString()).doesNotContain("MaintainerDeprecated");
  }

  @Test
  void copyIgnoredFileReadsTheContextsDockerignore() throws IOException {
    Files.writeString(dir.resolve(".dockerignore"), "*.md\n");
    Path df = write("FROM dmsb/busybox:1.36\nCOPY README.md /\nCOPY app /app\n");
    Run r = run("lint", "--no-color", dir.toString());
    assertThat(r.out())
        .contains(
            ":2:1: warning[CopyIgnoredFile]: Attempting to Copy file \"README.md\" that is"
                + " excluded by .dockerignore")
        .doesNotContain(":3:1: warning[CopyIgnoredFile]");
    assertThat(df).exists();
  }
}

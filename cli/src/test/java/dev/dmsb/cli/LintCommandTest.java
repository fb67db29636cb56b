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

class LintCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString().replace("\r\n", "\n"), err.toString());
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  static final String TYPO =
      "FROM dmsb/busybox:1.36 AS build\nFROM dmsb/busybox:1.36\nCOPY --from=biuld /x /x\n";

  @Test
  void textOutputLikeACompilerAndExitOneOnErrors() throws IOException {
    Path df = write("Dockerfile", TYPO);
    Run r = run("lint", "--no-color", df.toString());
    String name = df.toString();
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(
            name
                + ":1:1: info[UnreachableStage]: stage 'build' is not used by the target,"
                + " stage 1; it is a target of its own\n"
                + " 1 | FROM dmsb/busybox:1.36 AS build\n"
                + "   | ^^^^\n"
                + "  = help: build it with --target build\n"
                + name
                + ":3:13: error[UndefinedStage]: stage 'biuld' is not defined: the engine"
                + " will try to pull an image named biuld (did you mean build?)\n"
                + " 3 | COPY --from=biuld /x /x\n"
                + "   |             ^^^^^\n"
                + "  = help: build\n"
                + "1 error, 0 warnings, 1 note\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void cleanFileExitsZeroWithoutOutputAndFolderPathFindsTheDockerfile() throws IOException {
    write(
        "Dockerfile",
        "FROM dmsb/busybox:1.36 AS build\nFROM dmsb/busybox:1.36\nCOPY --from=build /x /x\n");
    Run r = run("lint", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void warningsAloneExitZero() throws IOException {
    write("Dockerfile", "FROM dmsb/busybox:1.36 AS Build\n");
    assertThat(run("lint", "--no-color", dir.toString()).code()).isZero();
  }

  @Test
  void dashFTargetBuildArgAndBuilder() throws IOException {
    Path df =
        write(
            "sub/build.Dockerfile",
            "ARG IMG\nFROM ${IMG} AS base\nFROM dmsb/busybox:1.36 AS build\nFROM Build\n");
    Run bk =
        run(
            "lint",
            "--format",
            "json",
            "-f",
            df.toString(),
            "--build-arg",
            "IMG=dmsb/busybox:1.36");
    assertThat(bk.code()).isEqualTo(1);
    assertThat(bk.out()).contains("\"FromStageCasing\"").doesNotContain("EmptyBaseName");
    Run legacy =
        run(
            "lint",
            "--format",
            "json",
            "-f",
            df.toString(),
            "--builder",
            "legacy",
            "--build-arg",
            "IMG=dmsb/busybox:1.36",
            "--target",
            "build");
    // the legacy builder accepts FROM Build for AS build: only a warning, so exit 0
    assertThat(legacy.code()).isZero();
    assertThat(legacy.out()).contains("FromStageCasing").contains("UnreachableStage");
    Run noArg = run("lint", "--format", "json", "-f", df.toString(), "--target", "BUILD");
    assertThat(noArg.out()).contains("EmptyBaseName");
  }

  @Test
  void builderBuildahLintsWithBuildahsStageRules() throws IOException {
    // Buildah turns FROM 0 into that stage and matches --from as written (Podman 4.3.1)
    Path df =
        write(
            "Dockerfile",
            "FROM dmsb/busybox:1.36 AS build\nRUN true\nFROM 0\nRUN true\n"
                + "FROM dmsb/busybox:1.36\nCOPY --from=BUILD /x /x\n");
    Run buildah = run("lint", "--format", "json", "--builder", "buildah", df.toString());
    assertThat(buildah.code()).as(buildah.err()).isEqualTo(1);
    assertThat(buildah.out()).contains("\"UndefinedStage\"").doesNotContain("FromStageIndex");
    Run buildkit = run("lint", "--format", "json", "--builder", "buildkit", df.toString());
    assertThat(buildkit.out()).contains("FromStageIndex").doesNotContain("UndefinedStage");
    Run bad = run("lint", "--builder", "podman", df.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--builder must be buildkit, legacy, buildah or auto");
  }

  @Test
  void jsonOutputHasEveryField() throws Exception {
    Path df = write("Dockerfile", TYPO);
    Run r = run("lint", "--format", "json", df.toString());
    JsonNode d = new ObjectMapper().readTree(r.out()).get("diagnostics").get(1);
    assertThat(d.get("rule").asText()).isEqualTo("UndefinedStage");
    assertThat(d.get("severity").asText()).isEqualTo("error");
    assertThat(d.get("file").asText()).isEqualTo(df.toString());
    assertThat(d.get("line").asInt()).isEqualTo(3);
    assertThat(d.get("column").asInt()).isEqualTo(13);
    assertThat(d.get("endLine").asInt()).isEqualTo(3);
    assertThat(d.get("endColumn").asInt()).isEqualTo(18);
    assertThat(d.get("stage").asText()).isEqualTo("stage-1");
    assertThat(d.get("suggestion").asText()).isEqualTo("build");
    assertThat(d.get("message").asText()).contains("did you mean build?");
  }

  @Test
  void sarifHasRulesWithHelpAndResultsWithRegions() throws Exception {
    Path df = write("Dockerfile", TYPO);
    Run r = run("lint", "--format", "sarif", df.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode sarif = new ObjectMapper().readTree(r.out());
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.get("runs").get(0);
    JsonNode rules = run.get("tool").get("driver").get("rules");
    assertThat(rules.size()).isGreaterThan(20);
    for (JsonNode rule : rules) {
      assertThat(rule.get("help").get("text").asText()).isNotBlank();
      assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank();
    }
    JsonNode result = run.get("results").get(1);
    assertThat(result.get("ruleId").asText()).isEqualTo("UndefinedStage");
    assertThat(rules.get(result.get("ruleIndex").asInt()).get("id").asText())
        .isEqualTo("UndefinedStage");
    assertThat(result.get("level").asText()).isEqualTo("error");
    JsonNode region = result.get("locations").get(0).get("physicalLocation").get("region");
    assertThat(region.get("startLine").asInt()).isEqualTo(3);
    assertThat(region.get("startColumn").asInt()).isEqualTo(13);
    assertThat(region.get("endColumn").asInt()).isEqualTo(18);
  }

  @Test
  void missingFileIsAUsageErrorInOneLine() {
    Path missing = dir.resolve("nope");
    Run r = run("lint", missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dmsb: no such file or folder: " + missing + "\n");
    Run empty = run("lint", dir.toString());
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("no Dockerfile at " + dir.resolve("Dockerfile"));
  }

  @Test
  void badBuilderAndFormatAreUsageErrors() throws IOException {
    write("Dockerfile", "FROM scratch\n");
    assertThat(run("lint", "--builder", "kaniko", dir.toString()).code()).isEqualTo(2);
    assertThat(run("lint", "--format", "xml", dir.toString()).code()).isEqualTo(2);
    assertThat(run("lint", "--build-arg", "=x", dir.toString()).code()).isEqualTo(2);
  }

  @Test
  void binaryGarbageIsDiagnosedNotThrown() throws IOException {
    Path p = dir.resolve("Dockerfile");
    Files.write(p, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '\n', '\\', '\r'});
    Run r = run("lint", "--no-color", p.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEmpty();
  }
}

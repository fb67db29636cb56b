package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewriteCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path write(String text) throws IOException {
    Path p = dir.resolve("Dockerfile");
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    return p;
  }

  static final String INDEX =
      "# build\n"
          + "FROM dmsb/busybox:latest\n"
          + "RUN touch /a\n"
          + "\n"
          + "FROM dmsb/busybox:latest\n"
          + "COPY --from=0 /a /a\n";

  static final String NAMED =
      "# build\n"
          + "FROM dmsb/busybox:latest AS stage0\n"
          + "RUN touch /a\n"
          + "\n"
          + "FROM dmsb/busybox:latest\n"
          + "COPY --from=stage0 /a /a\n";

  @Test
  void printsTheRewrittenFileAndListsTheEditsOnStderr() throws IOException {
    Path df = write(INDEX);
    Run r = run("rewrite", df.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(NAMED);
    assertThat(r.err())
        .isEqualTo(
            df
                + ":2:25: named stage 0 'stage0' so references can use its name\n"
                + df
                + ":6:13: stage index 0 written as the stage's name 'stage0' (indices change"
                + " when stages move)\n");
  }

  @Test
  void aFileNeedingNoRewriteComesBackByteForByte() throws IOException {
    String text = "\uFEFF# escape=`\r\nFROM dmsb/busybox:latest AS a\r\nRUN echo `\r\n  x\r\n";
    Path df = write(text);
    Run r = run("rewrite", "-f", df.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(text);
    assertThat(r.err()).isEmpty();
    assertThat(run("rewrite", "--diff", df.toString()).out()).isEmpty();
  }

  @Test
  void diffHasFileHeadersAndHunks() throws IOException {
    Path df = write(INDEX);
    Run r = run("rewrite", "--diff", "-q", df.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            "--- a/"
                + df
                + "\n+++ b/"
                + df
                + "\n"
                + "@@ -1,6 +1,6 @@\n"
                + " # build\n"
                + "-FROM dmsb/busybox:latest\n"
                + "+FROM dmsb/busybox:latest AS stage0\n"
                + " RUN touch /a\n"
                + " \n"
                + " FROM dmsb/busybox:latest\n"
                + "-COPY --from=0 /a /a\n"
                + "+COPY --from=stage0 /a /a\n");
  }

  @Test
  void inPlaceReplacesTheFileKeepingItsMode() throws IOException {
    Path df = write(INDEX);
    Files.setPosixFilePermissions(df, PosixFilePermissions.fromString("rw-r-----"));
    Run r = run("rewrite", "--in-place", "-q", df.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(df)).isEqualTo(NAMED);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(df)))
        .isEqualTo("rw-r-----");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(df); // no temporary file left behind
    }
  }

  @Test
  void refusesAFileWithLintErrorsAndLeavesItAlone() throws IOException {
    String text =
        "FROM dmsb/busybox:latest AS build\nFROM dmsb/busybox:latest\n"
            + "COPY --from=biuld /x /x\nCOPY --from=0 /x /y\n";
    Path df = write(text);
    Run r = run("rewrite", "--in-place", df.toString());
    assertThat(r.code()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            df
                + ":3:13: error[UndefinedStage]: stage 'biuld' is not defined: the engine will"
                + " try to pull an image named biuld (did you mean build?)\n"
                + " 3 | COPY --from=biuld /x /x\n"
                + "   |             ^^^^^\n"
                + "  = help: build\n"
                + "1 error, 0 warnings, 0 notes\n"
                + "dmsb: not rewriting "
                + df
                + ": fix the errors above first\n");
    assertThat(Files.readString(df)).isEqualTo(text);
  }

  @Test
  void fixesTheErrorsItRewrites() throws IOException {
    Path df =
        write(
            "FROM dmsb/busybox:latest AS builder\nRUN touch /a\n"
                + "FROM Builder\nCOPY --from=BUILDER /a /b\n");
    Run r = run("rewrite", "-q", df.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "FROM dmsb/busybox:latest AS builder\nRUN touch /a\n"
                + "FROM builder\nCOPY --from=builder /a /b\n");
  }

  @Test
  void prunesForTheTarget() throws IOException {
    Path df =
        write(
            "FROM dmsb/busybox:latest AS test\nRUN false\n\n"
                + "# the app\nFROM dmsb/busybox:latest AS app\nRUN true\n");
    Run r = run("rewrite", "--prune", "--target", "app", "-q", df.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("# the app\nFROM dmsb/busybox:latest AS app\nRUN true\n");
  }

  @Test
  void expandsArgs() throws IOException {
    Path df = write("ARG BASE=dmsb/busybox:latest\nFROM ${BASE}\n");
    Run r =
        run("rewrite", "--expand-args", "--build-arg", "BASE=dmsb/busybox:1", "-q", df.toString());
    assertThat(r.out()).isEqualTo("ARG BASE=dmsb/busybox:latest\nFROM dmsb/busybox:1\n");
  }

  @Test
  void usageErrorsExitTwo() throws IOException {
    Path df = write(INDEX);
    Run both = run("rewrite", "--diff", "--in-place", df.toString());
    assertThat(both.code()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("--diff and --in-place exclude each other");
    assertThat(run("rewrite", "--pin=bogus", df.toString()).code()).isEqualTo(ExitCode.USAGE);
    Run missing = run("rewrite", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).startsWith("dmsb: no such file or folder: ");
  }

  @Test
  void pinningWithNoEngineExitsThree() throws IOException {
    Path df = write(INDEX);
    Run r = run("rewrite", "--pin", "-H", "tcp://127.0.0.1:1", df.toString());
    assertThat(r.code()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("dmsb: ").doesNotContain("Exception");
  }

  @Test
  void pinWithoutAValueLeavesTheNextWordToBeThePath() throws IOException {
    Path df = write(INDEX);
    // the engine is unreachable: exit 3 shows the path was taken and pinning was tried
    Run bare = run("rewrite", "--pin", df.toString(), "-H", "tcp://127.0.0.1:1");
    assertThat(bare.err()).doesNotContain("Invalid value");
    assertThat(bare.code()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    Run local = run("rewrite", "--pin=local", df.toString(), "-H", "tcp://127.0.0.1:1");
    assertThat(local.code()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    Run spaced = run("rewrite", "--pin", "registry", df.toString(), "-H", "tcp://127.0.0.1:1");
    assertThat(spaced.code()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
  }

  @Test
  void anUnknownTargetToPruneForIsACheckFailure() throws IOException {
    Path df = write(NAMED);
    Run r = run("rewrite", "--prune", "--target", "nope", df.toString());
    assertThat(r.code()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("--target 'nope'");
  }
}

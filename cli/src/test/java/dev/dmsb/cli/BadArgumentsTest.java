package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong command lines end with exit 2 and one clear line, before any engine is asked. */
class BadArgumentsTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "build --no-such-flag CTX | Unknown option: '--no-such-flag'",
        "build --build-arg =value CTX | --build-arg needs KEY=VALUE, got '=value'",
        "build MISSING | missing is not a folder",
        "build -f MISSING/Dockerfile CTX | not found; pass its path with -f",
        "build CTX --progress sideways | sideways",
        "build CTX --builder quantum | quantum",
        "verify | Missing required parameter: 'IMAGE'",
        "verify img --max-size lots | --max-size",
        "verify img --expect-layers -1 | --expect-layers must be 0 or more",
        "lint --format nope CTX/Dockerfile | nope",
        "frobnicate | Unmatched argument"
      })
  void exitTwoWithOneClearLine(String commandLine, String expected) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
    String[] args =
        commandLine
            .replace("MISSING", dir.resolve("missing").toString())
            .replace("CTX", ctx.toString())
            .split(" ");
    Run r = run(args);
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().lines().filter(l -> l.startsWith("dmsb: ")).count())
        .as(r.err())
        .isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }
}

package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context that can't be sent is the user's to fix: one line saying which file and what to do,
 * exit 1, never "the engine refused the build" and never a stack trace. The engine address is one
 * nobody listens on: these fail before it is contacted.
 */
class BuildContextErrorsTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return DmsbCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
        .execute(args);
  }

  @Test
  void aMalformedDockerignoreLineIsOneLineAndExitOne() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY a /a\n");
    Files.writeString(dir.resolve("a"), "a");
    Files.writeString(dir.resolve(".dockerignore"), "ok\n[z-a]\n");
    StringWriter err = new StringWriter();
    int exit = run(err, "build", "--host", "tcp://127.0.0.1:1", dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString().strip().lines().toList())
        .singleElement()
        .asString()
        .startsWith("dmsb: ")
        .contains(".dockerignore:2")
        .doesNotContain("refused");
  }
}

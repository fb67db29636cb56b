package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return DmsbCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
        .execute(args);
  }

  @Test
  void missingFolderIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "build", dir.resolve("nope").toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("is not a folder");
  }

  @Test
  void missingDockerfileIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "build", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("Dockerfile").contains("not found").contains("-f");
  }

  @Test
  void badProgressAndBuilderValuesAreUsageErrors() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "build", "--progress", "fancy", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("auto, tty, plain or json");
    assertThat(run(err, "build", "--builder", "kaniko", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("buildkit, legacy or auto");
  }

  @Test
  void lintErrorsStopBeforeTheEngineIsContacted() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "RUN echo too-early\nFROM scratch\n");
    StringWriter err = new StringWriter();
    // An address nobody listens on: contacting it would exit 3.
    int exit = run(err, "build", "--host", "tcp://127.0.0.1:1", dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("Dockerfile:1").contains("nothing was built");
  }

  @Test
  void iidFileIsWrittenAtomically() throws Exception {
    Path target = dir.resolve("iid");
    Files.writeString(target, "old");
    IidFile.write(target, "sha256:abc");
    assertThat(Files.readString(target)).isEqualTo("sha256:abc");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(target);
    }
  }
}

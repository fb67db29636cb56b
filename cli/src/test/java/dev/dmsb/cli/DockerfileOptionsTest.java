package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Dockerfile options, shared by the commands that take a PATH and by {@code dmsb verify}. */
class DockerfileOptionsTest {
  @TempDir Path dir;

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
    VerifyCommand verify =
        (VerifyCommand) cl.getSubcommands().get("verify").getCommandSpec().userObject();
    VerifyCommandTest.StubEngine engine = new VerifyCommandTest.StubEngine();
    verify.engines = () -> engine;
    return cl.execute(args);
  }

  static String help(String command) {
    return DmsbCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(System.err))
        .getSubcommands()
        .get(command)
        .getUsageMessage(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
  }

  @Test
  void verifyWordsTheSharedOptionsForAnImageAlreadyBuilt() {
    String verify = help("verify");
    assertThat(verify)
        .contains("-f, --file=DOCKERFILE   Dockerfile the image was built from;")
        .contains("--build-arg=KEY=VALUE")
        .contains("Build arguments the image was built with (repeatable).")
        .contains("--builder=BUILDER   Builder whose stage rules apply: buildkit, legacy")
        .contains("--target=STAGE      The stage the image was built for")
        .doesNotContain("[PATH]");
    for (String command : new String[] {"lint", "graph", "rewrite", "build"}) {
      assertThat(help(command))
          .as(command)
          .contains("[PATH]")
          .contains("-f, --file=FILE")
          .contains("--build-arg=KEY[=VALUE]")
          .contains("--builder=buildkit|legacy|buildah|auto")
          .contains("The stage to build (default: the last stage).")
          .doesNotContain("DOCKERFILE");
    }
  }

  @Test
  void verifyReadsTheDockerfileWithTheBuildArgsAndTarget() throws Exception {
    Path df = dir.resolve("Dockerfile");
    Files.writeString(
        df,
        "ARG BASE=none:1\nFROM ${BASE} AS app\nCOPY /app /app\nCMD [\"/app\"]\n"
            + "FROM ${BASE}\nRUN make\n");

    assertThat(run("verify", "app:1", "-f", df.toString(), "--target", "app"))
        .as("the base none:1 is not in the engine: %s", err)
        .isEqualTo(ExitCode.CHECK_FAILED);
    int code =
        run(
            "verify",
            "app:1",
            "-f",
            df.toString(),
            "--build-arg",
            "BASE=base:1",
            "--builder",
            "legacy",
            "--target",
            "app");
    assertThat(code).as(out + "" + err).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).contains("verify: passed");
  }

  @Test
  void aBadBuildArgIsTheSameUsageErrorForEveryCommand() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    for (String command : new String[] {"lint", "verify"}) {
      String target = command.equals("verify") ? "app:1" : dir.toString();
      assertThat(run(command, "--build-arg", "=x", target)).as(command).isEqualTo(ExitCode.USAGE);
    }
    assertThat(err.toString().lines().filter(l -> l.contains("--build-arg needs KEY=VALUE")))
        .hasSize(2);
  }
}

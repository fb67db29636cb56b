package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A run of one subcommand registers only it, and parses, runs and helps exactly the same. */
class DmsbCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lint", "graph", "rewrite", "build", "verify"})
  void aSubcommandAloneIsRegisteredAndHelpsAsWithAll(String name) {
    CommandLine alone = DmsbCommand.forArgs(name, "--help");
    assertThat(alone.getSubcommands()).containsOnlyKeys(name);
    assertThat(run(alone, name, "--help"))
        .isEqualTo(run(DmsbCommand.commandLine(), name, "--help"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void theVersionAloneNeedsNoSubcommandAndPrintsTheSame(String flag) {
    CommandLine alone = DmsbCommand.forArgs(flag);
    assertThat(alone.getSubcommands()).isEmpty();
    Run r = run(alone, flag);
    assertThat(r.out()).startsWith("dmsb ").contains("Java ");
    assertThat(r).isEqualTo(run(DmsbCommand.commandLine(), flag));
  }

  @ParameterizedTest
  @ValueSource(strings = {"help", "--help", "frobnicate", "Lint"})
  void anythingElseGetsEverySubcommand(String first) {
    assertThat(DmsbCommand.forArgs(first).getSubcommands())
        .containsOnlyKeys("lint", "graph", "rewrite", "build", "verify", "help");
    assertThat(DmsbCommand.forArgs().getSubcommands()).hasSize(6);
  }

  @Test
  void aLintRunGivesTheSameResultWithOneOrAllSubcommands() throws Exception {
    Path dockerfile = dir.resolve("Dockerfile");
    Files.writeString(dockerfile, "FROM scratch AS a\nCOPY --from=b /x /x\n");
    String[] args = {"lint", "--format", "json", dockerfile.toString()};
    Run alone = run(DmsbCommand.forArgs(args), args);
    assertThat(alone.exit()).isEqualTo(1);
    assertThat(alone.out()).contains("UndefinedStage");
    assertThat(alone).isEqualTo(run(DmsbCommand.commandLine(), args));
  }

  @Test
  void theHandlersReachTheLoneSubcommand() {
    Run r = run(DmsbCommand.forArgs("build", "--no-such-flag"), "build", "--no-such-flag", ".");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Unknown option: '--no-such-flag'");
  }
}

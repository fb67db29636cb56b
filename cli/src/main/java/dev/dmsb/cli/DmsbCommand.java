package dev.dmsb.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: it only wires the subcommands. */
@Command(
    name = "dmsb",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Docker multi-stage builder: check, rewrite, build and verify multi-stage images.",
    footer = ExitCode.HELP,
    subcommands = {
      LintCommand.class,
      GraphCommand.class,
      RewriteCommand.class,
      BuildCommand.class,
      VerifyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DmsbCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /** A command line wired with dmsb's exception handling and the process's streams. */
  public static CommandLine commandLine() {
    CommandLine cl = configure(new CommandLine(new DmsbCommand()));
    // Dockerfiles are UTF-8: print them (and diagnostics quoting them) as UTF-8 whatever the
    // locale, so 'dmsb rewrite' gives a file back byte for byte under LANG=C too.
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    return cl;
  }

  /** A command line writing to the given streams, for tests. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl;
  }

  private static CommandLine configure(CommandLine cl) {
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new UsageErrorHandler());
    return cl;
  }
}

package dev.dmsb.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: it only wires the subcommands. */
@Command(
    name = "dmsb",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Docker multi-stage builder: check, rewrite, build and verify multi-stage images.",
    footer = ExitCode.HELP)
public final class DmsbCommand implements Runnable {
  /**
   * The subcommands, in the order help lists them. They are added in code rather than in the
   * annotation so that a run of one of them builds only its own model: picocli reads every option
   * of every registered command by reflection, which is a noticeable part of a short run.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("lint", LintCommand::new);
    m.put("graph", GraphCommand::new);
    m.put("rewrite", RewriteCommand::new);
    m.put("build", BuildCommand::new);
    m.put("verify", VerifyCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /** A command line with every subcommand, dmsb's exception handling and the process's streams. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS.keySet());
  }

  /**
   * The command line that runs {@code args}: when they start with a subcommand's name (other than
   * help), only that subcommand is registered, which parses and runs the same; {@code --version}
   * alone needs none; help, a mistyped name and the root's other options get all of them.
   */
  public static CommandLine forArgs(String... args) {
    if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
      return commandLine(Set.of());
    }
    if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !"help".equals(args[0])) {
      return commandLine(Set.of(args[0]));
    }
    return commandLine();
  }

  private static CommandLine commandLine(Set<String> names) {
    CommandLine cl = new CommandLine(new DmsbCommand());
    // Added before the handlers and streams are set, so that the subcommands get them too.
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (names.contains(name)) {
            cl.addSubcommand(name, command.get());
          }
        });
    configure(cl);
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

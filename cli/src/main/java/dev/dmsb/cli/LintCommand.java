package dev.dmsb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dmsb lint}: not written yet. */
@Command(name = "lint", description = "(not implemented yet)")
final class LintCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError(ExitCode.INTERNAL, "'dmsb lint' is not implemented yet");
  }
}

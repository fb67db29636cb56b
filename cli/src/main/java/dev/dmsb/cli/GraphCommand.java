package dev.dmsb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dmsb graph}: not written yet. */
@Command(name = "graph", description = "(not implemented yet)")
final class GraphCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError(ExitCode.INTERNAL, "'dmsb graph' is not implemented yet");
  }
}

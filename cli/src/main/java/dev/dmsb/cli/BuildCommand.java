package dev.dmsb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dmsb build}: not written yet. */
@Command(name = "build", description = "(not implemented yet)")
final class BuildCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError(ExitCode.INTERNAL, "'dmsb build' is not implemented yet");
  }
}

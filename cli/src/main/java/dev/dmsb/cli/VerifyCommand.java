package dev.dmsb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dmsb verify}: not written yet. */
@Command(name = "verify", description = "(not implemented yet)")
final class VerifyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError(ExitCode.INTERNAL, "'dmsb verify' is not implemented yet");
  }
}

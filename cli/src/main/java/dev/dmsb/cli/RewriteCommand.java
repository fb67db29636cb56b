package dev.dmsb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dmsb rewrite}: not written yet. */
@Command(name = "rewrite", description = "(not implemented yet)")
final class RewriteCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError(ExitCode.INTERNAL, "'dmsb rewrite' is not implemented yet");
  }
}

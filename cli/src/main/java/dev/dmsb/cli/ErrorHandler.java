package dev.dmsb.cli;

import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.OperationCancelledException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns exceptions that escape a command into one line and an exit code. A stack trace is shown
 * only for an internal error and only with {@code DMSB_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    int code;
    if (ex instanceof EngineUnreachableException e) {
      err.println("dmsb: " + e.getMessage());
      code = ExitCode.ENGINE_UNREACHABLE;
    } else if (ex instanceof OperationCancelledException) {
      err.println("dmsb: cancelled");
      code = ExitCode.INTERRUPTED;
    } else if (ex instanceof EngineException e) {
      // The engine answered, and said no (a missing image, a refused request): the user's to fix.
      err.println("dmsb: " + e.getMessage());
      code = ExitCode.CHECK_FAILED;
    } else if (ex instanceof UserError e) {
      err.println("dmsb: " + e.getMessage());
      code = e.exitCode();
    } else if (ex instanceof InterruptedException) {
      err.println("dmsb: interrupted");
      code = ExitCode.INTERRUPTED;
    } else {
      err.println("dmsb: internal error: " + ex);
      err.println(
          "This is a bug in dmsb; please report it. Set DMSB_DEBUG=1 to see the stack trace.");
      if ("1".equals(System.getenv("DMSB_DEBUG"))) {
        ex.printStackTrace(err);
      }
      code = ExitCode.INTERNAL;
    }
    err.flush();
    return code;
  }
}

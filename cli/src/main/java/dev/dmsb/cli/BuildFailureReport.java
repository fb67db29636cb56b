package dev.dmsb.cli;

import dev.dmsb.build.BuildFailedException;
import dev.dmsb.build.FailedStep;
import java.io.PrintWriter;

/** How {@code dmsb build} shows a failed build: the step's line, its source and its output. */
final class BuildFailureReport {
  private BuildFailureReport() {}

  static void write(PrintWriter err, String dockerfile, BuildFailedException e) {
    err.println("dmsb: build failed: " + e.getMessage());
    e.step()
        .ifPresent(
            (FailedStep s) -> {
              if (s.line() > 0) {
                err.println(
                    "  at "
                        + dockerfile
                        + ":"
                        + s.line()
                        + ":"
                        + s.column()
                        + (s.stage() == null ? "" : " (stage " + s.stage() + ")"));
                err.println("  " + s.line() + " | " + s.sourceLine());
              } else {
                err.println("  in step " + s.step());
              }
              if (!s.outputTail().isEmpty()) {
                err.println("  last output:");
                s.outputTail().forEach(l -> err.println("    " + l));
              }
            });
    err.flush();
  }
}

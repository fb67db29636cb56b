package dev.dmsb.build;

import java.util.List;

/**
 * The Dockerfile instruction a failed build stopped at, when it could be found.
 *
 * @param step the step as the engine named it ({@code [builder 2/3] RUN make})
 * @param stage the stage name or index, or null if unknown
 * @param line 1-based line of the instruction in the Dockerfile, or 0 if not found
 * @param column 1-based column, or 0
 * @param sourceLine the Dockerfile line, or null
 * @param outputTail the last lines the step printed
 */
public record FailedStep(
    String step, String stage, int line, int column, String sourceLine, List<String> outputTail) {
  public FailedStep {
    outputTail = List.copyOf(outputTail);
  }
}

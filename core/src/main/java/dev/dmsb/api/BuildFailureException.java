package dev.dmsb.api;

import java.util.List;
import java.util.OptionalInt;

/**
 * The engine ran the build and it failed. The message names the Dockerfile line when it is known
 * ({@code Dockerfile:7: RUN make: ...}); {@link #outputTail()} holds the failed step's last lines.
 */
public class BuildFailureException extends DmsbException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final transient List<String> outputTail;

  public BuildFailureException(String message, int line, List<String> outputTail) {
    super(message);
    this.line = line;
    this.outputTail = List.copyOf(outputTail);
  }

  /** The 1-based Dockerfile line of the failed instruction, when known. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** The last lines the failed step printed. */
  public List<String> outputTail() {
    return outputTail;
  }
}

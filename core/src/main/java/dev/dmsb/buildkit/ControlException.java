package dev.dmsb.buildkit;

/**
 * A BuildKit daemon could not be used: not reachable, TLS refused by one side, or it answered with
 * an error. Turned into the port's exceptions at the edge of {@link ControlBuildHost}.
 */
final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean unreachable;

  ControlException(String message) {
    this(false, message, null);
  }

  ControlException(String message, Throwable cause) {
    this(false, message, cause);
  }

  ControlException(boolean unreachable, String message, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** Whether nothing answered at the address. */
  boolean unreachable() {
    return unreachable;
  }
}

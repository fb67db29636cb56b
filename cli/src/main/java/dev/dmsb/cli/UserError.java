package dev.dmsb.cli;

/** A mistake of the user's (a missing file, a bad value) reported as one line with an exit code. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}

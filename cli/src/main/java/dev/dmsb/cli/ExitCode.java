package dev.dmsb.cli;

/** The exit codes of every dmsb command: a contract, documented in README and {@code --help}. */
public final class ExitCode {
  /** Everything held. */
  public static final int OK = 0;

  /** A check failed: lint errors, a verify mismatch, a failed build. */
  public static final int CHECK_FAILED = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  /** No engine answered at the address tried. */
  public static final int ENGINE_UNREACHABLE = 3;

  /** dmsb itself failed; a bug to report. */
  public static final int INTERNAL = 4;

  /** Interrupted (Ctrl-C). */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}

  /** The exit code list as shown in {@code --help}. */
  static final String HELP =
      "%nExit codes:%n"
          + "  0  success%n"
          + "  1  a check failed (lint errors, verify mismatch, build failed)%n"
          + "  2  usage error%n"
          + "  3  engine unreachable%n"
          + "  4  internal error%n"
          + "  130 interrupted%n";
}

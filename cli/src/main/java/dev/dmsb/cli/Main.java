package dev.dmsb.cli;

/** Entry point of the {@code dmsb} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs dmsb with the process's standard streams and returns the exit code. */
  public static int run(String... args) {
    return DmsbCommand.commandLine().execute(args);
  }
}

package dev.dmsb.cli;

/** Entry point of the {@code dmsb} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs dmsb with the process's standard streams and returns the exit code. */
  public static int run(String... args) {
    picocli.CommandLine cl = DmsbCommand.forArgs(args);
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // The launcher caps the heap so that builds stay small; a huge Dockerfile can need more.
      long maxMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
      cl.getErr()
          .printf(
              "dmsb: out of memory (heap limit %d MiB). Give it more with"
                  + " DMSB_JAVA_OPTS=-Xmx1g (or java -Xmx1g -jar dmsb.jar).%n",
              maxMiB)
          .flush();
      return ExitCode.INTERNAL;
    }
  }
}

package dev.dmsb.cli;

import dev.dmsb.buildkit.BuildkitAddress;
import dev.dmsb.buildkit.BuildkitSessions;

/** Entry point of the {@code dmsb} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    EngineWarmUp early = null;
    BuildHosts.Early daemon = null;
    if (args.length > 0 && args[0].equals("build")) {
      // A BuildKit daemon named plainly: connected to while the command line is parsed
      BuildkitAddress address = BuildkitOptions.plainAddress(System.getenv(), args);
      if (address != null) {
        daemon = BuildHosts.Early.start(address, BuildkitOptions.EngineApi.session);
      }
    }
    if (args.length > 0 && args[0].equals("build") && mayUseBuildkit(args)) {
      background("dmsb-prepare-session", BuildkitSessions::prepareClasses);
    }
    if (args.length > 0 && ENGINE_COMMANDS.contains(args[0])) {
      if (EngineWarmUp.mayNameAnEngine(args)
          || VerifyCommand.readsNoEngine(args)
          || BuildkitOptions.mayNameADaemon(System.getenv(), args)) {
        prepareJson();
      } else {
        // The engine comes from the environment: it is opened and pinged while the command line
        // is parsed and the Dockerfile checked (the command drops it if its options differ).
        early = EngineWarmUp.start(new EngineOptions());
      }
    }
    System.exit(run(early, daemon, args));
  }

  private static final java.util.Set<String> ENGINE_COMMANDS = java.util.Set.of("build", "verify");

  /**
   * Sets up Jackson's object mapper classes on a second thread while the command line is parsed:
   * their one-time initialisation (type factory, date formats) would otherwise come later, on the
   * way to the engine's first request. Nothing is kept; a failure here changes nothing.
   */
  private static void prepareJson() {
    background(
        "dmsb-prepare-json",
        () -> {
          try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"a\":[1]}");
          } catch (Exception e) {
            // the real use reports any problem
          }
        });
  }

  /** Whether a build's arguments leave BuildKit possible (no {@code --builder legacy|buildah}). */
  static boolean mayUseBuildkit(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value =
          a.equals("--builder") && i + 1 < args.length
              ? args[i + 1]
              : a.startsWith("--builder=") ? a.substring("--builder=".length()) : null;
      if ("legacy".equals(value) || "buildah".equals(value)) {
        return false;
      }
      if (a.equals("--")) {
        break;
      }
    }
    return true;
  }

  /**
   * Runs one-time class set-up on a daemon thread of its own while the command line is parsed on
   * this one; nothing is kept, and a failure changes nothing (the real use meets it again).
   */
  private static void background(String name, Runnable work) {
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (RuntimeException | LinkageError ignored) {
                // the real use reports any problem
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  /** Runs dmsb with the process's standard streams and returns the exit code. */
  public static int run(String... args) {
    return run(null, null, args);
  }

  private static int run(EngineWarmUp early, BuildHosts.Early daemon, String... args) {
    picocli.CommandLine cl = DmsbCommand.forArgs(args);
    if (daemon != null
        && cl.getSubcommands().get(args[0]).getCommand() instanceof BuildCommand build) {
      build.earlyDaemon = daemon;
    }
    if (early != null) {
      Object command = cl.getSubcommands().get(args[0]).getCommand();
      if (command instanceof BuildCommand build) {
        build.early = early;
      } else if (command instanceof VerifyCommand verify) {
        verify.early = early;
      }
    }
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
    } finally {
      if (early != null) {
        early.close(); // unless a command took it (help, a usage error)
      }
      if (daemon != null) {
        daemon.close(); // likewise
      }
    }
  }
}

package dev.dmsb.cli.cds;

import dev.dmsb.cli.Main;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A training run for the launcher's class-data-sharing archive: {@code CdsTraining SOCKET ARGS...}
 * serves a {@link StandInEngine} on the unix socket SOCKET and runs {@code dmsb ARGS} (which name
 * that socket with {@code --host}), so that the class list the JVM records holds what a real run
 * loads after connecting too: the HTTP exchange, the stream parsers, the progress and the report.
 * Only the {@code ./dmsb} launcher runs it; it sends nothing anywhere.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: CdsTraining SOCKET [dmsb arguments...]");
      System.exit(2);
    }
    int exit;
    try (StandInEngine engine = StandInEngine.start(Path.of(args[0]))) {
      exit = Main.run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 1 && args[1].equals("build")) {
      // The stand-in engine has no /session: a BuildKit session's classes are loaded here.
      dev.dmsb.buildkit.BuildkitSessions.warmUpForTraining();
    }
    System.exit(exit);
  }
}

package dev.dmsb.cli.cds;

import dev.dmsb.cli.Main;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A training run for the launcher's class-data-sharing archive: {@code CdsTraining SOCKET ARGS...}
 * serves a {@link StandInEngine} on the unix socket SOCKET, and a stand-in BuildKit daemon on
 * SOCKET.buildkitd, and runs {@code dmsb ARGS} (which name one of them with {@code --host} or
 * {@code --buildkit-host}), so that the class list the JVM records holds what a real run loads
 * after connecting too: the HTTP exchange, the stream parsers, the progress and the report. Only
 * the {@code ./dmsb} launcher runs it; it sends nothing anywhere.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: CdsTraining SOCKET [dmsb arguments...]");
      System.exit(2);
    }
    int exit;
    Path socket = Path.of(args[0]);
    try (StandInEngine engine = StandInEngine.start(socket);
        AutoCloseable daemon =
            dev.dmsb.buildkit.BuildkitSessions.standInDaemonForTraining(
                socket.resolveSibling(socket.getFileName() + ".buildkitd"))) {
      exit = Main.run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 1 && args[1].equals("build")) {
      // The stand-in engine has no /session: a BuildKit session's classes are loaded here.
      dev.dmsb.buildkit.BuildkitSessions.warmUpForTraining();
    }
    System.exit(exit);
  }
}

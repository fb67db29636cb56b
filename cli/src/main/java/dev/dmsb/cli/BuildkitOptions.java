package dev.dmsb.cli;

import dev.dmsb.buildkit.BuildkitAddress;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where BuildKit runs when it is not the Docker engine's: {@code --buildkit-host} or {@code
 * BUILDKIT_HOST}, and the mutual TLS files of a {@code tcp://} daemon, as buildctl names them
 * ({@code --addr}, {@code --tlscacert}, ...), prefixed so they are not taken for the engine's.
 */
final class BuildkitOptions {
  @Option(
      names = "--buildkit-host",
      paramLabel = "ADDRESS",
      description =
          "Build on this BuildKit daemon (unix:///path or tcp://host:port) instead of the Docker"
              + " engine; default: BUILDKIT_HOST.")
  String host;

  @Option(
      names = "--buildkit-tlscacert",
      paramLabel = "FILE",
      description = "CA certificate of the BuildKit daemon (PEM).")
  Path caCert;

  @Option(
      names = "--buildkit-tlscert",
      paramLabel = "FILE",
      description = "Client certificate for the BuildKit daemon (PEM).")
  Path cert;

  @Option(
      names = "--buildkit-tlskey",
      paramLabel = "FILE",
      description = "Client key for the BuildKit daemon (PEM).")
  Path key;

  @Option(
      names = "--buildkit-tlsservername",
      paramLabel = "NAME",
      description = "Server name the BuildKit daemon's certificate must carry.")
  String serverName;

  /** How BuildKit on the Docker engine is reached. */
  enum EngineApi {
    /** {@code POST /session} and {@code POST /build}, as the docker CLI builds. */
    session,
    /** BuildKit's Control API on {@code /grpc}, as buildx's docker driver builds. */
    grpc
  }

  @Option(
      names = "--engine-api",
      paramLabel = "session|grpc",
      description =
          "How BuildKit on the Docker engine is reached: session (/session and /build, as the"
              + " docker CLI) or grpc (the Control API on /grpc, as buildx); default:"
              + " ${DEFAULT-VALUE}.")
  EngineApi engineApi = EngineApi.session;

  /** The daemon to build on, or null for the Docker engine. */
  /**
   * Whether {@code args} or {@code env} may name a BuildKit daemon ({@code --buildkit-host}, {@code
   * BUILDKIT_HOST}), on which a build needs no Docker engine: then none is warmed up before the
   * command line is parsed. Errs on the side of yes.
   */
  static boolean mayNameADaemon(Map<String, String> env, String... args) {
    String fromEnv = env.get("BUILDKIT_HOST");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return true;
    }
    for (String arg : args) {
      if (arg.equals("--")) {
        return false; // only positional parameters follow
      }
      if (arg.equals("--buildkit-host") || arg.startsWith("--buildkit-host=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The daemon {@code args} or {@code env} name when that is plain to see before the command line
   * is parsed ({@code --buildkit-host ADDR}, {@code --buildkit-host=ADDR}, else {@code
   * BUILDKIT_HOST}, and no {@code --buildkit-tls*} option or {@code --load}), else null: Main then
   * starts connecting to it at once, and the command takes that connection only if its parsed
   * options name the same daemon.
   */
  static BuildkitAddress plainAddress(Map<String, String> env, String... args) {
    String given = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break; // only positional parameters follow
      }
      if (arg.startsWith("--buildkit-tls") || arg.equals("--load")) {
        return null;
      }
      if (arg.equals("--buildkit-host") && i + 1 < args.length) {
        given = args[++i];
      } else if (arg.startsWith("--buildkit-host=")) {
        given = arg.substring("--buildkit-host=".length());
      }
    }
    if (given == null) {
      given = env.get("BUILDKIT_HOST");
    }
    if (given == null || given.isBlank()) {
      return null;
    }
    try {
      return new BuildkitAddress(given.strip(), null);
    } catch (IllegalArgumentException e) {
      return null; // the parsed option reports it
    }
  }

  BuildkitAddress address(Map<String, String> env) {
    String given = host != null ? host : env.get("BUILDKIT_HOST");
    boolean tlsGiven = caCert != null || cert != null || key != null || serverName != null;
    if (given == null || given.isBlank()) {
      if (tlsGiven) {
        throw new UserError(
            ExitCode.USAGE,
            "--buildkit-tls* options need a BuildKit daemon: give --buildkit-host tcp://HOST:PORT");
      }
      return null;
    }
    try {
      BuildkitAddress.Tls tls =
          tlsGiven ? new BuildkitAddress.Tls(caCert, cert, key, serverName) : null;
      return new BuildkitAddress(given.strip(), tls);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, "--buildkit-host: " + e.getMessage());
    }
  }
}

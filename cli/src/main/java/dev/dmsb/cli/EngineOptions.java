package dev.dmsb.cli;

import dev.dmsb.engine.Engine;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.EngineResolver;
import dev.dmsb.engine.config.EngineSelection;
import dev.dmsb.engine.config.EngineTimeouts;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.engine.config.ResolvedEngine;
import dev.dmsb.engine.docker.DockerEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The engine options shared by the commands that talk to an engine, named as the docker CLI names
 * them. Use as {@code @Mixin EngineOptions engine;} and {@link #open()} it in {@code call()}.
 */
public final class EngineOptions {
  @Option(
      names = {"-H", "--host"},
      paramLabel = "ADDRESS",
      description =
          "Engine to use (unix:///path or tcp://host:port); default: DOCKER_HOST,"
              + " the docker context, or unix:///var/run/docker.sock.")
  String host;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Docker context to use (overrides DOCKER_HOST and DOCKER_CONTEXT).")
  String context;

  @Option(
      names = "--tls",
      description =
          "Use TLS (implied by --tlsverify). Alone it skips the CA check, but unlike docker's"
              + " --tls the certificate must still name the engine's host: dmsb's HTTP"
              + " transport always checks it.")
  Boolean tls;

  @Option(
      names = "--tlsverify",
      description = "Use TLS and verify the engine's certificate (default with DOCKER_TLS_VERIFY).")
  Boolean tlsVerify;

  @Option(names = "--tlscacert", paramLabel = "FILE", description = "CA certificate (PEM).")
  Path tlsCaCert;

  @Option(names = "--tlscert", paramLabel = "FILE", description = "Client certificate (PEM).")
  Path tlsCert;

  @Option(names = "--tlskey", paramLabel = "FILE", description = "Client certificate key (PEM).")
  Path tlsKey;

  @Option(
      names = "--engine-timeout",
      paramLabel = "SECONDS",
      description =
          "Give up when the engine sends nothing for this long during a build or pull"
              + " (default: wait; silent build steps can be long).")
  Long streamTimeoutSeconds;

  /** The environment and home folder the options are resolved against; tests may replace them. */
  Map<String, String> env = System.getenv();

  Path userHome = Path.of(System.getProperty("user.home"));

  /** An opened engine and the warnings to show the user before using it. */
  public record Opened(Engine engine, List<String> warnings) {}

  /**
   * Whether no option names an engine or its settings, so that the engine comes from the
   * environment and the docker configuration alone.
   */
  boolean namesNoEngine() {
    return host == null
        && context == null
        && tls == null
        && tlsVerify == null
        && tlsCaCert == null
        && tlsCert == null
        && tlsKey == null
        && streamTimeoutSeconds == null;
  }

  /** What the user chose, as the resolver takes it. */
  public EngineSelection selection() {
    return new EngineSelection(host, context, tls, tlsVerify, tlsCaCert, tlsCert, tlsKey);
  }

  /**
   * Resolves the engine address (flags, DOCKER_HOST, contexts) and connects to it lazily. A wrong
   * address or configuration is a usage error (exit 2) with one clear line.
   */
  public Opened open() {
    try {
      ResolvedEngine resolved = new EngineResolver(env, userHome).resolve(selection());
      EngineTimeouts timeouts = EngineTimeouts.defaults();
      if (streamTimeoutSeconds != null && streamTimeoutSeconds > 0) {
        timeouts = timeouts.withStreamRead(Duration.ofSeconds(streamTimeoutSeconds));
      }
      return new Opened(DockerEngine.connect(resolved.endpoint(), timeouts), resolved.warnings());
    } catch (EngineConfigException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
  }

  /** Registry credentials from the same environment's docker configuration. */
  public RegistryCredentials credentials() {
    try {
      return RegistryCredentials.load(env, userHome);
    } catch (EngineConfigException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
  }
}

package dev.dmsb.cli;

import dev.dmsb.buildkit.BuildkitAddress;
import dev.dmsb.buildkit.BuildkitSessions;
import dev.dmsb.buildkit.ControlBuildHost;
import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;

/**
 * The build host a {@code dmsb build} uses: the BuildKit daemon it names ({@code --buildkit-host},
 * {@code BUILDKIT_HOST}), with the Docker engine beside it for {@code --load}, or else the Docker
 * engine itself with BuildKit sessions over {@code /session}.
 */
final class BuildHosts {
  private BuildHosts() {}

  /** An open host; closing it closes the daemon's channel (the engine is the caller's). */
  record Opened(BuildHost host, AutoCloseable closer) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (closer != null) {
        closer.close();
      }
    }
  }

  static Opened open(
      BuildkitAddress daemon, Engine engine, boolean load, BuildkitOptions.EngineApi api)
      throws EngineException {
    if (daemon == null && api == BuildkitOptions.EngineApi.grpc) {
      ControlBuildHost host = ControlBuildHost.onEngineGrpc(engine);
      return new Opened(host, host);
    }
    if (daemon == null) {
      return new Opened(BuildHost.onEngine(engine, BuildkitSessions.on(engine)), null);
    }
    ControlBuildHost host = ControlBuildHost.connect(daemon, load ? engine : null);
    return new Opened(host, host);
  }
}

package dev.dmsb.api;

import dev.dmsb.build.BuildFailedException;
import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import dev.dmsb.build.ContextException;
import dev.dmsb.build.ImageBuild;
import dev.dmsb.buildkit.BuildkitAddress;
import dev.dmsb.buildkit.BuildkitSessions;
import dev.dmsb.buildkit.ControlBuildHost;
import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;

/**
 * A {@link BuildPlan}'s build on the host it names: the BuildKit daemon of {@code buildkitHost}
 * (with the Docker engine beside it for {@code load()}), else the Docker engine with BuildKit
 * sessions; failures in the API's exceptions.
 */
final class HostBuild {
  private HostBuild() {}

  /** The daemon {@code buildkitHost(...)} and {@code buildkitTls(...)} name, or null for none. */
  static BuildkitAddress daemon(String buildkitHost, BuildkitAddress.Tls buildkitTls)
      throws DmsbException {
    if (buildkitHost == null) {
      if (buildkitTls != null) {
        throw new DmsbException("buildkitTls(...) needs a buildkitHost(\"tcp://HOST:PORT\")");
      }
      return null;
    }
    try {
      return new BuildkitAddress(buildkitHost, buildkitTls);
    } catch (IllegalArgumentException e) {
      throw new DmsbException(e.getMessage(), e);
    }
  }

  /**
   * Builds {@code spec} on {@code daemon}, else on {@code port}; the daemon's channel is closed.
   */
  static BuildResult build(
      BuildkitAddress daemon,
      Engine port,
      BuildSpec spec,
      EventTranslator events,
      Cancellation cancellation,
      String name)
      throws DmsbException {
    BuildResult result;
    ControlBuildHost control = null;
    try {
      BuildHost host;
      if (daemon != null) {
        control = ControlBuildHost.connect(daemon, port);
        host = control;
      } else {
        host = BuildHost.onEngine(port, BuildkitSessions.on(port));
      }
      result = new ImageBuild(host).build(spec, events, cancellation);
    } catch (BuildFailedException e) {
      throw Errors.build(e, name);
    } catch (ContextException e) {
      throw Errors.context(e);
    } catch (EngineException e) {
      throw Errors.engine(e, daemon != null ? daemon.address() : port.address());
    } finally {
      if (control != null) {
        control.close();
      }
    }
    return result;
  }
}

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

  /**
   * A BuildKit daemon's host opened, and asked what it is, on a thread of its own while the
   * Dockerfile is read and checked: the connection and the first round trip are then done when the
   * build starts. Failures wait for {@link #take()}, which throws what opening threw; an early host
   * never taken is closed by {@link #close()}.
   */
  static final class Early implements AutoCloseable {
    private final java.util.concurrent.CompletableFuture<Opened> opened =
        new java.util.concurrent.CompletableFuture<>();
    private final BuildkitAddress daemon;
    private boolean taken;

    private Early(BuildkitAddress daemon) {
      this.daemon = daemon;
    }

    /**
     * The host to build on {@code daemon} (null: none is built on; then {@code early} is closed):
     * {@code early} when it connects to the same daemon, else a new one.
     */
    static Early reuseOrStart(Early early, BuildkitAddress daemon, BuildkitOptions.EngineApi api) {
      if (early != null && early.daemon.equals(daemon)) {
        return early;
      }
      if (early != null) {
        early.close();
      }
      return daemon == null ? null : start(daemon, api);
    }

    /** Starts opening the daemon's host ({@code --load} needs the engine: not early). */
    static Early start(BuildkitAddress daemon, BuildkitOptions.EngineApi api) {
      Early early = new Early(daemon);
      Thread t =
          new Thread(
              () -> {
                try {
                  Opened o = open(daemon, null, false, api);
                  try {
                    o.host().ping();
                  } catch (EngineException | RuntimeException e) {
                    // not kept: the build's own ping asks again and reports it
                  }
                  early.opened.complete(o);
                } catch (Throwable e) {
                  early.opened.completeExceptionally(e);
                }
              },
              "dmsb-daemon-warm-up");
      t.setDaemon(true);
      t.start();
      return early;
    }

    /** The open host, which the caller then owns; throws what opening threw. */
    synchronized Opened take() throws EngineException {
      taken = true;
      try {
        return opened.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError(ExitCode.INTERRUPTED, "interrupted while connecting to the daemon");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof EngineException ee) {
          throw ee;
        }
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    /** Closes the host when it was never taken, once it is open: the caller does not wait. */
    @Override
    public synchronized void close() {
      if (taken) {
        return;
      }
      taken = true;
      opened.thenAccept(
          o -> {
            try {
              o.close();
            } catch (Exception e) {
              // nothing was built on it; closing is best effort
            }
          });
    }
  }
}

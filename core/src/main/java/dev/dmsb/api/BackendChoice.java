package dev.dmsb.api;

import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;

/**
 * Which backend a {@link BuildPlan} builds with on a Docker engine, as the engine's ping says:
 * BuildKit where offered, the classic build API (Buildah on Podman) else.
 */
final class BackendChoice {
  private BackendChoice() {}

  /** Whether the engine is Podman, whose classic build API runs Buildah. */
  static boolean onPodman(Engine port) throws DmsbException {
    try {
      return port.ping().podman();
    } catch (EngineException e) {
      throw Errors.engine(e, port.address());
    }
  }

  /** The backend {@code backend} means on {@code port}; a choice the engine cannot meet fails. */
  static BuildBackend resolve(BuildBackend backend, Engine port) throws DmsbException {
    if (backend == BuildBackend.LEGACY) {
      return BuildBackend.LEGACY;
    }
    dev.dmsb.engine.EngineInfo info;
    try {
      info = port.ping();
    } catch (EngineException e) {
      throw Errors.engine(e, port.address());
    }
    if (info.podman()) {
      if (backend == BuildBackend.BUILDKIT) {
        throw new DmsbException(
            dev.dmsb.build.ImageBuild.podmanHasNoBuildkit(
                port.address(), info, "BuildBackend.AUTO"));
      }
      return BuildBackend.LEGACY; // the classic build API, which Podman serves with Buildah
    }
    if (info.buildkit()) {
      return BuildBackend.BUILDKIT;
    }
    if (backend == BuildBackend.BUILDKIT) {
      throw new DmsbException(
          "the engine at "
              + port.address()
              + " does not offer BuildKit; use .backend(BuildBackend.LEGACY) or BuildBackend.AUTO");
    }
    return BuildBackend.LEGACY;
  }
}

package dev.dmsb.transport;

import dev.dmsb.archive.ArchiveFileSource;
import dev.dmsb.archive.OciLayoutSource;
import dev.dmsb.daemon.DaemonImageSource;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import dev.dmsb.registry.RegistrySource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The image source for each transport. */
public final class ImageSources {
  private ImageSources() {}

  /** Whether reading {@code reference} needs a Docker engine ({@code docker-daemon:} only). */
  public static boolean needsEngine(ImageReference reference) {
    return reference instanceof ImageReference.DockerDaemon;
  }

  /**
   * The Docker engine's images ({@code docker-daemon:}); the engine stays the caller's to close.
   */
  public static ImageSource daemon(Engine engine) {
    return new DaemonImageSource(engine);
  }

  /**
   * The source of a reference that needs no engine, with registry credentials from the docker
   * configuration that {@code env} names ({@code DOCKER_CONFIG}, else {@code ~/.docker}).
   *
   * @param tlsVerify whether registry certificates are checked ({@code --tls-verify})
   * @throws IllegalArgumentException for {@code docker-daemon:} references
   */
  public static ImageSource withoutEngine(
      ImageReference reference, Map<String, String> env, Path userHome, boolean tlsVerify) {
    if (reference instanceof ImageReference.Registry r) {
      return new RegistrySource(r.image(), host -> credentials(env, userHome, host), tlsVerify);
    } else if (reference instanceof ImageReference.OciLayout l) {
      return new OciLayoutSource(l.path());
    } else if (reference instanceof ImageReference.OciArchive a) {
      return new ArchiveFileSource(a.path(), "oci-archive");
    } else if (reference instanceof ImageReference.DockerArchive a) {
      return new ArchiveFileSource(a.path(), "docker-archive");
    }
    throw new IllegalArgumentException(reference + " is read through a Docker engine");
  }

  private static Optional<dev.dmsb.engine.RegistryAuth> credentials(
      Map<String, String> env, Path userHome, String host) throws EngineConfigException {
    return RegistryCredentials.load(env, userHome).forRegistry(host);
  }
}

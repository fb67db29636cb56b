package dev.dmsb.transport;

import dev.dmsb.archive.ArchiveFileSource;
import dev.dmsb.archive.OciLayoutSource;
import dev.dmsb.daemon.DaemonImageSource;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.DockerConfigFile;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import dev.dmsb.image.Platform;
import dev.dmsb.registry.RegistryOptions;
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
    return withoutEngine(reference, env, userHome, SourceOptions.defaults(tlsVerify));
  }

  /**
   * The source of a reference that needs no engine, read as {@code options} say; registry
   * credentials come from {@code --creds}, else {@code --authfile} (or {@code REGISTRY_AUTH_FILE}
   * in {@code env}), else the docker configuration.
   *
   * @throws IllegalArgumentException for {@code docker-daemon:} references
   */
  public static ImageSource withoutEngine(
      ImageReference reference, Map<String, String> env, Path userHome, SourceOptions options) {
    Platform platform = options.platform().orElse(Platform.host());
    RegistryOptions registry = RegistryOptions.of(options.tlsVerify(), userHome);
    registry = options.certDir().map(registry::withCertDir).orElse(registry);
    registry = options.registryToken().map(registry::withRegistryToken).orElse(registry);
    RegistryOptions reach = registry;
    if (reference instanceof ImageReference.Registry r) {
      return new RegistrySource(r.image(), credentials(env, userHome, options), reach, platform);
    }
    ImageSource file;
    if (reference instanceof ImageReference.OciLayout l) {
      file = new OciLayoutSource(l.path(), platform);
    } else if (reference instanceof ImageReference.OciArchive a) {
      file = new ArchiveFileSource(a.path(), "oci-archive", platform);
    } else if (reference instanceof ImageReference.DockerArchive a) {
      file = new ArchiveFileSource(a.path(), "docker-archive", platform);
    } else {
      throw new IllegalArgumentException(reference + " is read through a Docker engine");
    }
    return new BasesFromTheirRegistry(
        file,
        reference.image(),
        () ->
            new RegistrySource(
                reference.image(), credentials(env, userHome, options), reach, platform));
  }

  private static RegistrySource.Credentials credentials(
      Map<String, String> env, Path userHome, SourceOptions options) {
    if (options.creds().isPresent()) {
      RegistryAuth creds = options.creds().get();
      return host -> Optional.of(new RegistryAuth(host, creds.username(), creds.password(), null));
    }
    Optional<Path> authFile =
        options
            .authFile()
            .or(
                () ->
                    Optional.ofNullable(env.get("REGISTRY_AUTH_FILE"))
                        .filter(f -> !f.isEmpty())
                        .map(Path::of));
    if (authFile.isPresent()) {
      Path file = authFile.get();
      return host ->
          new RegistryCredentials(DockerConfigFile.readFile(file), env).forRegistry(host);
    }
    return host -> RegistryCredentials.load(env, userHome).forRegistry(host);
  }
}

package dev.dmsb.transport;

import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.image.Platform;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How images are read without an engine, as skopeo's flags say.
 *
 * @param tlsVerify {@code --tls-verify}
 * @param platform {@code --platform} (or {@code --override-os/--override-arch}): which image of a
 *     multi-platform index; empty: this machine's
 * @param certDir {@code --cert-dir}: TLS material for every registry, instead of the per-registry
 *     folders ({@code /etc/docker/certs.d/HOST:PORT}, ...)
 * @param creds {@code --creds USER:PASS}: credentials for every registry, instead of the
 *     configuration's
 * @param authFile {@code --authfile FILE} (or {@code REGISTRY_AUTH_FILE}): the credentials file,
 *     instead of the docker configuration
 * @param registryToken {@code --registry-token}: a bearer token sent as it is
 */
public record SourceOptions(
    boolean tlsVerify,
    Optional<Platform> platform,
    Optional<Path> certDir,
    Optional<RegistryAuth> creds,
    Optional<Path> authFile,
    Optional<String> registryToken) {
  public SourceOptions {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(certDir, "certDir");
    Objects.requireNonNull(creds, "creds");
    Objects.requireNonNull(authFile, "authFile");
    Objects.requireNonNull(registryToken, "registryToken");
    if (creds.isPresent() && registryToken.isPresent()) {
      throw new IllegalArgumentException(
          "--creds and --registry-token cannot be used together; give one");
    }
  }

  /** The defaults: certificates checked, nothing overridden. */
  public static SourceOptions defaults(boolean tlsVerify) {
    return new SourceOptions(
        tlsVerify,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Override
  public String toString() {
    return "SourceOptions[tlsVerify="
        + tlsVerify
        + ", platform="
        + platform
        + ", certDir="
        + certDir
        + ", creds="
        + creds.map(c -> c.username() + ":***").orElse("none")
        + ", authFile="
        + authFile
        + ", registryToken="
        + (registryToken.isPresent() ? "***" : "none")
        + "]";
  }
}

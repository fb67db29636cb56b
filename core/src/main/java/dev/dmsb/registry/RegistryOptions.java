package dev.dmsb.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How registries are reached, as skopeo's flags set it.
 *
 * @param tlsVerify whether certificates are checked ({@code --tls-verify}); loopback registries are
 *     insecure anyway, as docker treats them
 * @param certDir {@code --cert-dir}: one folder of TLS material for every registry, instead of the
 *     per-registry folders
 * @param perHostCertRoots the folders holding a {@code HOST:PORT} folder per registry, first match
 *     wins
 * @param registryToken {@code --registry-token}: a bearer token sent as it is, instead of the
 *     registry's challenge and token service
 */
public record RegistryOptions(
    boolean tlsVerify,
    Optional<Path> certDir,
    List<Path> perHostCertRoots,
    Optional<String> registryToken) {
  public RegistryOptions {
    Objects.requireNonNull(certDir, "certDir");
    perHostCertRoots = List.copyOf(perHostCertRoots);
    Objects.requireNonNull(registryToken, "registryToken");
  }

  /**
   * The defaults under {@code userHome}: containers/image's {@code ~/.config/containers/certs.d},
   * {@code /etc/containers/certs.d}, then docker's {@code /etc/docker/certs.d}.
   */
  public static RegistryOptions of(boolean tlsVerify, Path userHome) {
    return new RegistryOptions(
        tlsVerify,
        Optional.empty(),
        List.of(
            userHome.resolve(".config/containers/certs.d"),
            Path.of("/etc/containers/certs.d"),
            Path.of("/etc/docker/certs.d")),
        Optional.empty());
  }

  /** These options with {@code --cert-dir DIR}. */
  public RegistryOptions withCertDir(Path dir) {
    return new RegistryOptions(tlsVerify, Optional.of(dir), perHostCertRoots, registryToken);
  }

  /** These options with {@code --registry-token TOKEN}. */
  public RegistryOptions withRegistryToken(String token) {
    return new RegistryOptions(tlsVerify, certDir, perHostCertRoots, Optional.of(token));
  }

  /** These options with other per-registry folders (tests). */
  public RegistryOptions withPerHostCertRoots(List<Path> roots) {
    return new RegistryOptions(tlsVerify, certDir, roots, registryToken);
  }

  @Override
  public String toString() {
    return "RegistryOptions[tlsVerify="
        + tlsVerify
        + ", certDir="
        + certDir
        + ", perHostCertRoots="
        + perHostCertRoots
        + ", registryToken="
        + (registryToken.isPresent() ? "***" : "none")
        + "]";
  }
}

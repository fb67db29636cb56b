package dev.dmsb.api;

import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.image.Platform;
import dev.dmsb.transport.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link VerifyPlan} was told about reading an image without an engine, with the names and the
 * checks of {@code dmsb verify}'s {@code --cert-dir}, {@code --creds}, {@code --authfile}, {@code
 * --registry-token}, {@code --platform} and {@code --override-os/arch/variant}.
 */
final class RegistryReading {
  Path certDir;
  RegistryAuth creds;
  Path authFile;
  String registryToken;
  Platform platform;
  String overrideOs;
  String overrideArch;
  String overrideVariant;

  /** Whether any option was given (they mean nothing for an engine's image). */
  boolean given() {
    return certDir != null
        || creds != null
        || authFile != null
        || registryToken != null
        || platform != null
        || overrides();
  }

  private boolean overrides() {
    return overrideOs != null || overrideArch != null || overrideVariant != null;
  }

  /** The options, checked; a bad one is a {@link DmsbException} naming it. */
  SourceOptions toSourceOptions(boolean tlsVerify) throws DmsbException {
    if (certDir != null && !Files.isDirectory(certDir)) {
      throw new DmsbException("certDir(" + certDir + "): no such folder");
    }
    if (authFile != null && !Files.isRegularFile(authFile)) {
      throw new DmsbException("authFile(" + authFile + "): the credentials file is not accessible");
    }
    if (creds != null && registryToken != null) {
      throw new DmsbException(
          "creds(...) and registryToken(...) cannot be used together; give one");
    }
    if (platform != null && overrides()) {
      throw new DmsbException(
          "platform(...) and overrideOs/overrideArch/overrideVariant(...): give one");
    }
    Optional<Platform> chosen = Optional.ofNullable(platform);
    if (overrides()) {
      Platform host = Platform.host();
      String text =
          (overrideOs != null ? overrideOs : host.os())
              + "/"
              + (overrideArch != null ? overrideArch : host.architecture())
              + (overrideVariant != null ? "/" + overrideVariant : "");
      try {
        chosen = Optional.of(Platform.parse(text));
      } catch (IllegalArgumentException e) {
        throw new DmsbException("overrideOs/overrideArch/overrideVariant: " + e.getMessage(), e);
      }
    }
    return new SourceOptions(
        tlsVerify,
        chosen,
        Optional.ofNullable(certDir),
        Optional.ofNullable(creds),
        Optional.ofNullable(authFile),
        Optional.ofNullable(registryToken).filter(t -> !t.isEmpty()));
  }

  /** {@code OS/ARCH[/VARIANT]}, as {@code --platform} takes it. */
  static Platform platform(String text) {
    Objects.requireNonNull(text, "platform");
    try {
      return Platform.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("platform(\"" + text + "\"): " + e.getMessage(), e);
    }
  }

  /** {@code USER:PASSWORD}, as {@code --creds} takes it when the password is given. */
  static RegistryAuth credentials(String value) {
    Objects.requireNonNull(value, "creds");
    int colon = value.indexOf(':');
    String user = colon < 0 ? value : value.substring(0, colon);
    if (user.isEmpty()) {
      throw new IllegalArgumentException("creds(...): it needs a user name (USER:PASSWORD)");
    }
    if (colon < 0) {
      throw new IllegalArgumentException(
          "creds(\""
              + user
              + "\"): give USER:PASSWORD (the API asks for no password), or use authFile(...)");
    }
    return new RegistryAuth(null, user, value.substring(colon + 1), null);
  }
}

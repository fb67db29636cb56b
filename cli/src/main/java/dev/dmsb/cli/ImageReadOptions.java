package dev.dmsb.cli;

import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.image.Platform;
import dev.dmsb.transport.SourceOptions;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How {@code dmsb verify} reads an image that needs no engine, with skopeo's flags: registry TLS
 * material and credentials, and which platform of a multi-platform index ({@code --platform} as
 * docker spells it, or skopeo's {@code --override-os/--override-arch/--override-variant}).
 */
final class ImageReadOptions {
  @Option(
      names = "--cert-dir",
      paramLabel = "DIR",
      description =
          "TLS material for registries (docker://): *.crt authorities, NAME.cert and NAME.key"
              + " client pairs, as skopeo reads them; default: the registry's folder under"
              + " ~/.config/containers/certs.d, /etc/containers/certs.d or /etc/docker/certs.d.")
  Path certDir;

  @Option(
      names = "--creds",
      paramLabel = "USER[:PASSWORD]",
      description =
          "Registry credentials, instead of the configured ones; without :PASS it is asked on the"
              + " terminal.")
  String creds;

  @Option(
      names = "--authfile",
      paramLabel = "FILE",
      description =
          "The registry credentials file (containers' auth.json or a docker config.json) instead"
              + " of the docker configuration; default: $REGISTRY_AUTH_FILE when set.")
  Path authFile;

  @Option(
      names = "--registry-token",
      paramLabel = "TOKEN",
      description = "A bearer token sent to the registry as it is.")
  String registryToken;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description =
          "Which image of a multi-platform index to verify (default: linux and this machine's"
              + " architecture).")
  String platform;

  @Option(names = "--override-os", paramLabel = "OS", description = "As skopeo: the index's OS.")
  String overrideOs;

  @Option(
      names = "--override-arch",
      paramLabel = "ARCHITECTURE",
      description = "As skopeo: the index's architecture.")
  String overrideArch;

  @Option(
      names = "--override-variant",
      paramLabel = "VARIANT",
      description = "As skopeo: the index's architecture variant.")
  String overrideVariant;

  /** Whether any of these flags was given (they mean nothing for an engine's image). */
  boolean given() {
    return certDir != null
        || creds != null
        || authFile != null
        || registryToken != null
        || platform != null
        || overrideOs != null
        || overrideArch != null
        || overrideVariant != null;
  }

  /** The options, checked: a bad value is a usage error naming the flag. */
  SourceOptions toSourceOptions(boolean tlsVerify) {
    if (certDir != null && !Files.isDirectory(certDir)) {
      throw usage("--cert-dir " + certDir + ": no such folder");
    }
    if (authFile != null && !Files.isRegularFile(authFile)) {
      throw usage("--authfile " + authFile + ": the credentials file is not accessible");
    }
    if (creds != null && registryToken != null) {
      throw usage("--creds and --registry-token cannot be used together; give one");
    }
    return new SourceOptions(
        tlsVerify,
        platform(),
        Optional.ofNullable(certDir),
        Optional.ofNullable(creds).map(ImageReadOptions::credentials),
        Optional.ofNullable(authFile),
        Optional.ofNullable(registryToken).filter(t -> !t.isEmpty()));
  }

  private Optional<Platform> platform() {
    boolean overrides = overrideOs != null || overrideArch != null || overrideVariant != null;
    if (platform != null && overrides) {
      throw usage("--platform and --override-os/--override-arch/--override-variant: give one");
    }
    try {
      if (platform != null) {
        return Optional.of(Platform.parse(platform));
      }
    } catch (IllegalArgumentException e) {
      throw usage("--platform: " + e.getMessage());
    }
    if (!overrides) {
      return Optional.empty();
    }
    Platform host = Platform.host();
    String os = overrideOs != null ? overrideOs : host.os();
    String arch = overrideArch != null ? overrideArch : host.architecture();
    return Optional.of(
        Platform.parse(os + "/" + arch + (overrideVariant != null ? "/" + overrideVariant : "")));
  }

  private static RegistryAuth credentials(String value) {
    int colon = value.indexOf(':');
    String user = colon < 0 ? value : value.substring(0, colon);
    if (user.isEmpty()) {
      throw usage("--creds: it needs a user name (USER[:PASS])");
    }
    String password;
    if (colon >= 0) {
      password = value.substring(colon + 1);
    } else {
      Console console = System.console();
      if (console == null) {
        throw usage(
            "--creds "
                + user
                + ": no password given and no terminal to ask for it; give USER:PASS or use"
                + " --authfile");
      }
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? "" : new String(typed);
    }
    return new RegistryAuth(null, user, password, null);
  }

  private static UserError usage(String message) {
    return new UserError(ExitCode.USAGE, message);
  }
}

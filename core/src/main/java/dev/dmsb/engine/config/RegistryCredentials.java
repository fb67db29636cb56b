package dev.dmsb.engine.config;

import dev.dmsb.engine.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from the docker configuration ({@code $DOCKER_CONFIG/config.json} or {@code
 * ~/.docker/config.json}), looked up like the docker CLI: {@code credHelpers} for the registry,
 * else {@code credsStore}, else {@code auths}. Docker Hub is {@code docker.io} and its key is
 * {@value #DOCKER_HUB_SERVER}. Nothing here prints or logs a secret.
 */
public final class RegistryCredentials {
  /** The server address docker uses for Docker Hub credentials. */
  public static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private final DockerConfigFile config;
  private final Map<String, String> env;

  /**
   * @param config the parsed configuration
   * @param env the environment credential helpers run with (its {@code PATH} finds them)
   */
  public RegistryCredentials(DockerConfigFile config, Map<String, String> env) {
    this.config = config;
    this.env = Map.copyOf(env);
  }

  /** Reads the configuration named by {@code DOCKER_CONFIG} in {@code env}, or under the home. */
  public static RegistryCredentials load(Map<String, String> env, Path userHome)
      throws EngineConfigException {
    return new RegistryCredentials(
        DockerConfigFile.read(EngineResolver.dockerConfigDir(env, userHome)), env);
  }

  /** Credentials for the registry an image reference points at, if any are configured. */
  public Optional<RegistryAuth> forImage(String imageReference) throws EngineConfigException {
    return forRegistry(registryHost(imageReference));
  }

  /** Credentials for a registry host ({@code docker.io}, {@code 127.0.0.1:5000}). */
  public Optional<RegistryAuth> forRegistry(String registryHost) throws EngineConfigException {
    String host = normaliseRegistry(registryHost);
    String server = host.equals("docker.io") ? DOCKER_HUB_SERVER : host;
    String helper = config.credHelpers().get(server);
    if (helper == null && host.equals("docker.io")) {
      helper = config.credHelpers().get("docker.io");
    }
    if (helper == null) {
      helper = config.credsStore();
    }
    if (helper != null) {
      Optional<RegistryAuth> fromHelper = new CredentialHelper(helper, env).get(server);
      if (fromHelper.isPresent()) {
        return fromHelper;
      }
    }
    for (Map.Entry<String, DockerConfigFile.AuthEntry> e : config.auths().entrySet()) {
      if (normaliseRegistry(e.getKey()).equals(host)) {
        Optional<RegistryAuth> auth = fromEntry(server, e.getKey(), e.getValue());
        if (auth.isPresent()) {
          return auth;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<RegistryAuth> fromEntry(
      String server, String key, DockerConfigFile.AuthEntry entry) throws EngineConfigException {
    String user = entry.username();
    String password = entry.password();
    if (entry.auth() != null) {
      String decoded;
      try {
        decoded =
            new String(Base64.getDecoder().decode(entry.auth().trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new EngineConfigException(
            "The \"auth\" of "
                + key
                + " in "
                + config.path()
                + " is not valid base64; log in again.");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new EngineConfigException(
            "The \"auth\" of "
                + key
                + " in "
                + config.path()
                + " is not user:password; log in again.");
      }
      user = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    if (password == null && entry.identityToken() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RegistryAuth(server, emptyToNull(user), password, entry.identityToken()));
  }

  /**
   * The registry host of an image reference, as docker reads it: the first path component when it
   * has a dot or a colon or is {@code localhost}, else {@code docker.io}.
   */
  public static String registryHost(String imageReference) {
    int slash = imageReference.indexOf('/');
    if (slash < 0) {
      return "docker.io";
    }
    String first = imageReference.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      return normaliseRegistry(first);
    }
    return "docker.io";
  }

  /** Strips scheme and path and maps the Docker Hub aliases to {@code docker.io}. */
  static String normaliseRegistry(String serverOrHost) {
    String s = serverOrHost.trim();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    s = s.toLowerCase(java.util.Locale.ROOT);
    return switch (s) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> s;
    };
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

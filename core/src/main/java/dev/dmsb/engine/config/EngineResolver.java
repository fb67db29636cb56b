package dev.dmsb.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the engine the way the docker CLI does: {@code --host} or {@code --context} &gt; {@code
 * DOCKER_HOST} &gt; {@code DOCKER_CONTEXT} &gt; {@code currentContext} of {@code
 * $DOCKER_CONFIG/config.json} &gt; {@value EngineEndpoint#DEFAULT_HOST}. TLS comes from the flags,
 * {@code DOCKER_TLS_VERIFY}/{@code DOCKER_TLS} and {@code DOCKER_CERT_PATH} (ca.pem, cert.pem,
 * key.pem), or from a context's TLS folder.
 */
public final class EngineResolver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Path dockerConfigDir;

  /**
   * @param env the environment to read ({@code System.getenv()} in the CLI, a map in tests)
   * @param userHome the user's home folder; {@code ~/.docker} is the default {@code DOCKER_CONFIG}
   */
  public EngineResolver(Map<String, String> env, Path userHome) {
    this.env = Map.copyOf(env);
    this.dockerConfigDir = dockerConfigDir(env, userHome);
  }

  /** {@code $DOCKER_CONFIG}, or {@code ~/.docker}. */
  public static Path dockerConfigDir(Map<String, String> env, Path userHome) {
    String dir = env.get("DOCKER_CONFIG");
    return dir != null && !dir.isEmpty() ? Path.of(dir) : userHome.resolve(".docker");
  }

  /** Resolves the engine for the user's choices; warnings are returned, never printed. */
  public ResolvedEngine resolve(EngineSelection selection) throws EngineConfigException {
    if (selection.host() != null && selection.context() != null) {
      throw new EngineConfigException(
          "Conflicting options: give either --host or --context, not both.");
    }
    EngineEndpoint endpoint;
    if (selection.host() != null) {
      endpoint = fromHost(selection.host(), "--host", selection);
    } else if (selection.context() != null) {
      endpoint = fromContext(selection.context(), "--context", selection);
    } else if (nonEmpty(env.get("DOCKER_HOST"))) {
      endpoint = fromHost(env.get("DOCKER_HOST"), "DOCKER_HOST", selection);
    } else if (nonEmpty(env.get("DOCKER_CONTEXT"))) {
      endpoint = fromContext(env.get("DOCKER_CONTEXT"), "DOCKER_CONTEXT", selection);
    } else {
      Optional<String> current = DockerConfigFile.read(dockerConfigDir).context();
      endpoint =
          current.isPresent()
              ? fromContext(current.get(), "currentContext in config.json", selection)
              : fromHost(EngineEndpoint.DEFAULT_HOST, "default", selection);
    }
    List<String> warnings = new ArrayList<>();
    if (endpoint.isTcp() && endpoint.tls().isEmpty() && !isLoopback(hostName(endpoint.host()))) {
      warnings.add(
          "Talking to the engine at "
              + endpoint.host()
              + " over plain tcp: anyone on the network can read the build context and control"
              + " that engine. Use TLS (--tlsverify, DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH)"
              + " or an SSH tunnel.");
    }
    if (endpoint.tls().isPresent() && !endpoint.tls().get().verify()) {
      warnings.add(
          "TLS to "
              + endpoint.host()
              + " is not verified: the engine's certificate is not checked. Use --tlsverify"
              + " with a CA certificate.");
    }
    return new ResolvedEngine(endpoint, warnings);
  }

  private EngineEndpoint fromHost(String raw, String origin, EngineSelection selection)
      throws EngineConfigException {
    boolean verify =
        Boolean.TRUE.equals(selection.tlsVerify())
            || (selection.tlsVerify() == null && nonEmpty(env.get("DOCKER_TLS_VERIFY")));
    boolean tls =
        verify
            || Boolean.TRUE.equals(selection.tls())
            || (selection.tls() == null && nonEmpty(env.get("DOCKER_TLS")));
    String host = normaliseHost(raw, origin, tls);
    if (!tls || !host.startsWith("tcp://")) {
      return EngineEndpoint.plain(host, origin);
    }
    String certPath = env.get("DOCKER_CERT_PATH");
    Path certDir = nonEmpty(certPath) ? Path.of(certPath) : dockerConfigDir;
    Path ca = orDefault(selection.tlsCaCert(), certDir.resolve("ca.pem"));
    Path cert = orDefault(selection.tlsCert(), certDir.resolve("cert.pem"));
    Path key = orDefault(selection.tlsKey(), certDir.resolve("key.pem"));
    if (verify && !Files.isRegularFile(ca)) {
      throw new EngineConfigException(
          "TLS verification of "
              + host
              + " needs a CA certificate, but "
              + ca
              + " does not exist. Set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and"
              + " key.pem, or give --tlscacert.");
    }
    boolean haveClientCert = Files.isRegularFile(cert) && Files.isRegularFile(key);
    if (!haveClientCert && (selection.tlsCert() != null || selection.tlsKey() != null)) {
      throw new EngineConfigException(
          "The client certificate " + cert + " or its key " + key + " does not exist.");
    }
    return new EngineEndpoint(
        host,
        Optional.of(
            new TlsSettings(
                verify,
                verify ? ca : null,
                haveClientCert ? cert : null,
                haveClientCert ? key : null)),
        origin);
  }

  private EngineEndpoint fromContext(String name, String origin, EngineSelection selection)
      throws EngineConfigException {
    if ("default".equals(name)) {
      // The default context is DOCKER_HOST or the default socket, as in the docker CLI.
      String host = env.get("DOCKER_HOST");
      return nonEmpty(host)
          ? fromHost(host, "DOCKER_HOST", selection)
          : fromHost(EngineEndpoint.DEFAULT_HOST, "default", selection);
    }
    String id = sha256(name);
    Path meta =
        dockerConfigDir.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    String where = "context \"" + name + "\" (" + origin + ")";
    if (!Files.isRegularFile(meta)) {
      throw new EngineConfigException(
          "The docker "
              + where
              + " does not exist: "
              + meta
              + " is missing. List contexts with `docker context ls`, or choose the engine with"
              + " --host or DOCKER_HOST.");
    }
    JsonNode docker;
    try {
      docker = JSON.readTree(meta.toFile()).path("Endpoints").path("docker");
    } catch (IOException e) {
      throw new EngineConfigException("Cannot read " + meta + " of the " + where + ": " + e, e);
    }
    String host = DockerConfigFile.text(docker, "Host");
    if (host == null) {
      throw new EngineConfigException(
          "The docker "
              + where
              + " has no docker endpoint (Endpoints.docker.Host in "
              + meta
              + ").");
    }
    host = normaliseHost(host, where, false);
    Path tlsDir = dockerConfigDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    boolean skipVerify = docker.path("SkipTLSVerify").asBoolean(false);
    if (!Files.isDirectory(tlsDir) || !host.startsWith("tcp://")) {
      return EngineEndpoint.plain(host, where);
    }
    Path ca = tlsDir.resolve("ca.pem");
    Path cert = tlsDir.resolve("cert.pem");
    Path key = tlsDir.resolve("key.pem");
    boolean verify = !skipVerify && Files.isRegularFile(ca);
    boolean haveClientCert = Files.isRegularFile(cert) && Files.isRegularFile(key);
    return new EngineEndpoint(
        host,
        Optional.of(
            new TlsSettings(
                verify,
                verify ? ca : null,
                haveClientCert ? cert : null,
                haveClientCert ? key : null)),
        where);
  }

  /**
   * Brings an address to {@code unix:///path} or {@code tcp://host:port}, filling in the port
   * (2375, or 2376 with TLS) as the docker CLI does.
   */
  static String normaliseHost(String raw, String origin, boolean tls) throws EngineConfigException {
    String value = raw.trim();
    if (value.startsWith("/")) {
      value = "unix://" + value;
    } else if (!value.contains("://")) {
      value = "tcp://" + value;
    }
    if (value.startsWith("unix://")) {
      String path = value.substring("unix://".length());
      if (path.isEmpty()) {
        return EngineEndpoint.DEFAULT_HOST;
      }
      return "unix://" + path;
    }
    if (value.startsWith("tcp://") || value.startsWith("http://") || value.startsWith("https://")) {
      String authority = value.substring(value.indexOf("://") + 3);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        authority = authority.substring(0, slash);
      }
      String hostName;
      String portText = null;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          throw badHost(raw, origin, "an IPv6 address needs a closing ]");
        }
        hostName = authority.substring(0, close + 1);
        if (authority.length() > close + 1) {
          if (authority.charAt(close + 1) != ':') {
            throw badHost(raw, origin, "unexpected text after the IPv6 address");
          }
          portText = authority.substring(close + 2);
        }
      } else {
        int colon = authority.lastIndexOf(':');
        hostName = colon >= 0 ? authority.substring(0, colon) : authority;
        portText = colon >= 0 ? authority.substring(colon + 1) : null;
      }
      if (hostName.isEmpty()) {
        // As the docker CLI: "tcp://:2375" means this machine.
        hostName = "127.0.0.1";
      }
      int port = tls ? 2376 : 2375;
      if (portText != null && !portText.isEmpty()) {
        try {
          port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
          throw badHost(raw, origin, "\"" + portText + "\" is not a port number");
        }
        if (port < 1 || port > 65535) {
          throw badHost(raw, origin, port + " is not a port number");
        }
      }
      return "tcp://" + hostName + ":" + port;
    }
    String scheme = value.substring(0, value.indexOf("://"));
    throw badHost(
        raw,
        origin,
        "dmsb speaks to engines over unix:// and tcp:// only, not "
            + scheme
            + "://"
            + ("ssh".equals(scheme)
                ? " (forward the socket: ssh -L /tmp/d.sock:/var/run/docker.sock ...)"
                : ""));
  }

  private static EngineConfigException badHost(String raw, String origin, String why) {
    return new EngineConfigException(
        "The engine address \""
            + raw
            + "\" from "
            + origin
            + " is not usable: "
            + why
            + ". Use unix:///path/to/docker.sock or tcp://host:port.");
  }

  /** The host part of a {@code tcp://host:port} address. */
  static String hostName(String tcpHost) {
    return URI.create(tcpHost).getHost();
  }

  /** Loopback without a DNS lookup of names: only literal addresses and {@code localhost}. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return true;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static Path orDefault(Path chosen, Path fallback) {
    return chosen != null ? chosen : fallback;
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}

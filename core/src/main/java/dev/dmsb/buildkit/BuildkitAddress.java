package dev.dmsb.buildkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a BuildKit daemon listens, as buildctl's {@code --addr} and {@code BUILDKIT_HOST} name it:
 * {@code unix:///run/buildkit/buildkitd.sock} or {@code tcp://host:port}, the latter with mutual
 * TLS when {@link Tls} is given ({@code --tlscacert}, {@code --tlscert}, {@code --tlskey}, {@code
 * --tlsservername}).
 *
 * @param address the address as given
 * @param tls the TLS material for a {@code tcp://} address, or null for plain tcp and unix sockets
 */
public record BuildkitAddress(String address, Tls tls) {

  /** buildctl's default address. */
  public static final String DEFAULT = "unix:///run/buildkit/buildkitd.sock";

  public BuildkitAddress {
    Objects.requireNonNull(address, "address");
    URI uri = uri(address);
    String scheme = uri.getScheme();
    if ("unix".equals(scheme)) {
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw new IllegalArgumentException(
            "the BuildKit address "
                + address
                + " names no socket; e.g. unix:///run/buildkit/buildkitd.sock");
      }
      if (tls != null) {
        throw new IllegalArgumentException(
            "TLS options were given for the unix socket " + address + "; they are for tcp:// only");
      }
    } else if ("tcp".equals(scheme)) {
      if (uri.getHost() == null || uri.getPort() <= 0) {
        throw new IllegalArgumentException(
            "the BuildKit address "
                + address
                + " needs a host and a port; e.g. tcp://buildkitd:1234");
      }
    } else {
      throw new IllegalArgumentException(
          "dmsb reaches a BuildKit daemon at unix:// or tcp:// addresses, not "
              + address
              + " (docker-container://, kube-pod:// and the like are buildctl's; forward a port"
              + " and give tcp://)");
    }
  }

  /** The unix socket's path, or null for tcp. */
  public Path socket() {
    URI uri = uri(address);
    return "unix".equals(uri.getScheme()) ? Path.of(uri.getPath()) : null;
  }

  /** The tcp host, or null for a unix socket. */
  public String host() {
    URI uri = uri(address);
    return "tcp".equals(uri.getScheme()) ? uri.getHost() : null;
  }

  /** The tcp port, or -1 for a unix socket. */
  public int port() {
    URI uri = uri(address);
    return "tcp".equals(uri.getScheme()) ? uri.getPort() : -1;
  }

  private static URI uri(String address) {
    try {
      return new URI(address);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the BuildKit address " + address + " is not a URI: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return address;
  }

  // equals and hashCode written out: a record's generated ones are bootstrapped through method
  // handles on first use, several milliseconds on the way to every build on a daemon (which
  // compares the address it was given with the one connected to while the command line was read)

  @Override
  public boolean equals(Object o) {
    return o instanceof BuildkitAddress other
        && address.equals(other.address)
        && Objects.equals(tls, other.tls);
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 31 + Objects.hashCode(tls);
  }

  /**
   * Mutual TLS material, PEM files as buildctl takes them.
   *
   * @param caCert the authority that signed the daemon's certificate, or null for the JDK's
   * @param cert the client's certificate, or null for none
   * @param key the client's private key, or null for none
   * @param serverName the name the daemon's certificate must carry, or null for the address's host
   */
  public record Tls(Path caCert, Path cert, Path key, String serverName) {
    public Tls {
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException(
            "--buildkit-tlscert and --buildkit-tlskey go together; give both or neither");
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tls other
          && Objects.equals(caCert, other.caCert)
          && Objects.equals(cert, other.cert)
          && Objects.equals(key, other.key)
          && Objects.equals(serverName, other.serverName);
    }

    @Override
    public int hashCode() {
      return Objects.hash(caCert, cert, key, serverName);
    }
  }
}

package dev.dmsb.engine.config;

import java.util.Optional;

/**
 * A resolved engine address.
 *
 * @param host {@code unix:///path} or {@code tcp://host:port}
 * @param tls TLS settings, empty for plain unix or tcp
 * @param origin where the address came from, for messages ({@code --host}, {@code DOCKER_HOST},
 *     {@code context "remote"}, {@code default})
 */
public record EngineEndpoint(String host, Optional<TlsSettings> tls, String origin) {

  /** The engine at the default unix socket. */
  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

  /** An endpoint without TLS. */
  public static EngineEndpoint plain(String host, String origin) {
    return new EngineEndpoint(host, Optional.empty(), origin);
  }

  /** Whether this is a tcp address (as opposed to a unix socket). */
  public boolean isTcp() {
    return host.startsWith("tcp://");
  }
}

package dev.dmsb.engine.docker;

import dev.dmsb.engine.EngineUnreachableException;
import java.net.URI;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The message for a TLS handshake with a tcp engine that failed: an engine answered, so the advice
 * is about certificates, not about starting one.
 *
 * <p>A certificate that does not name the host is refused even with {@code --tls} without {@code
 * --tlsverify}, where the docker CLI checks nothing: docker-java's httpclient5 transport builds its
 * TLS strategy itself ({@code new DefaultClientTlsStrategy(sslContext)}, which always runs
 * httpclient's host name verifier after the handshake) and takes nothing but an {@code SSLContext},
 * so there is no setting that turns the check off. The message says so and how to get through.
 */
final class TlsFailure {
  private TlsFailure() {}

  static EngineUnreachableException of(String address, SSLException e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String host = hostOf(address);
    if (isHostNameMismatch(detail)) {
      return new EngineUnreachableException(
          address,
          "TLS failed with the engine at "
              + address
              + ": its certificate is not for the host name "
              + host
              + " ("
              + detail
              + "). dmsb checks the host name even with --tls without --tlsverify (its HTTP"
              + " transport always does); connect by a name the certificate holds (-H"
              + " tcp://NAME:PORT), or give the engine a certificate that names "
              + host
              + ".",
          e);
    }
    return new EngineUnreachableException(
        address,
        "TLS failed with the engine at "
            + address
            + " ("
            + detail
            + "); check the CA certificate (--tlscacert, or ca.pem in DOCKER_CERT_PATH) and, if"
            + " the engine asks for one, the client certificate and key (--tlscert, --tlskey).",
        e);
  }

  /** httpclient's host name verifier and the JDK's endpoint check, in their own words. */
  static boolean isHostNameMismatch(String detail) {
    String d = detail.toLowerCase(Locale.ROOT);
    return d.contains("doesn't match")
        || d.contains("no subject alternative")
        || d.contains("no name matching");
  }

  private static String hostOf(String address) {
    try {
      String host = URI.create(address).getHost();
      return host == null ? address : host;
    } catch (IllegalArgumentException e) {
      return address;
    }
  }
}

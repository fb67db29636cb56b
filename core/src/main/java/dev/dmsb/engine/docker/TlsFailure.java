package dev.dmsb.engine.docker;

import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.config.TlsSettings;
import java.net.SocketException;
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
 *
 * <p>An engine started with {@code --tlsverify} checks the client's certificate only after a TLS
 * 1.3 handshake has finished on the client's side, so a missing or untrusted client certificate
 * shows up as the connection breaking when the first request is written, not as a TLS error: {@link
 * #clientRefused} tells that apart from an engine that is not there.
 */
final class TlsFailure {
  private TlsFailure() {}

  static EngineUnreachableException of(String address, SSLException e) {
    String detail = detail(e);
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
    String advice =
        isUntrustedChain(detail)
            ? ": certificate verification failed, the engine's certificate is not signed by the CA"
                + " dmsb was given. Check the CA certificate (--tlscacert, or ca.pem in"
                + " DOCKER_CERT_PATH or the context's TLS folder): it must be the one that signed"
                + " the engine's certificate."
            : "; check the CA certificate (--tlscacert, or ca.pem in DOCKER_CERT_PATH) and, if"
                + " the engine asks for one, the client certificate and key (--tlscert, --tlskey).";
    return new EngineUnreachableException(
        address, "TLS failed with the engine at " + address + " (" + detail + ")" + advice, e);
  }

  /**
   * {@code unreachable}, the failure of the first request to an engine over TLS, as the engine
   * refusing the client's certificate (or its absence) when that is what it looks like: the
   * connection broke after a handshake that succeeded, or the engine sent a {@code bad_certificate}
   * or {@code certificate_required} alert. Anything else comes back unchanged.
   */
  static EngineUnreachableException clientRefused(
      EngineUnreachableException unreachable, TlsSettings tls) {
    Throwable cause = unreachable.getCause();
    if (!looksLikeAClientRefusal(cause)) {
      return unreachable;
    }
    String address = unreachable.address();
    String opening =
        "TLS failed with the engine at "
            + address
            + ": it ended the connection after the TLS handshake ("
            + detail(cause)
            + "), as an engine started with --tlsverify does ";
    String advice =
        tls.clientCert() == null
            ? "when the client presents no client certificate, and dmsb had none: give it one"
                + " that the engine's CA signed (cert.pem and key.pem in DOCKER_CERT_PATH or the"
                + " context's TLS folder, or --tlscert and --tlskey)."
            : "when it does not trust the client certificate "
                + tls.clientCert()
                + ": use one signed by the CA the engine trusts (its --tlscacert).";
    return new EngineUnreachableException(address, opening + advice, cause);
  }

  private static boolean looksLikeAClientRefusal(Throwable cause) {
    String d = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    d = d.toLowerCase(Locale.ROOT);
    if (cause instanceof SSLException) {
      return d.contains("bad_certificate") || d.contains("certificate_required");
    }
    // Not ConnectException or NoRouteToHostException: those mean that no engine is there.
    return cause instanceof SocketException
        && (d.contains("broken pipe") || d.contains("connection reset"));
  }

  /** The exception's message without the JDK's internal class names in it. */
  private static String detail(Throwable e) {
    if (e.getMessage() == null) {
      return e.getClass().getSimpleName();
    }
    return e.getMessage()
        .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
  }

  /** The JDK's words for a certificate that no trusted CA signed. */
  static boolean isUntrustedChain(String detail) {
    return detail.toLowerCase(Locale.ROOT).contains("unable to find valid certification path");
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

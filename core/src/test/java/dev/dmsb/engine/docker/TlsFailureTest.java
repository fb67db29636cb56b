package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.config.TlsSettings;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

class TlsFailureTest {
  static final String ADDRESS = "tcp://127.0.0.1:2376";

  @Test
  void aCertificateForAnotherHostSaysTheHostNameIsCheckedEvenWithTlsAlone() {
    String message =
        EngineErrors.unreachable(
                ADDRESS,
                new SSLPeerUnverifiedException(
                    "Certificate for <127.0.0.1> doesn't match any of the subject alternative"
                        + " names: [engine.example]"))
            .getMessage();
    assertThat(message)
        .startsWith("TLS failed with the engine at " + ADDRESS + ": ")
        .contains("not for the host name 127.0.0.1")
        .contains("[engine.example]")
        .contains("even with --tls without --tlsverify")
        .contains("-H tcp://NAME:PORT")
        .doesNotContain("Start one");
  }

  @Test
  void theJdksOwnHostNameCheckIsRecognisedToo() {
    assertThat(
            EngineErrors.unreachable(
                    ADDRESS,
                    new SSLHandshakeException(
                        "No subject alternative names matching IP address 127.0.0.1 found"))
                .getMessage())
        .contains("not for the host name 127.0.0.1");
  }

  @Test
  void anotherTlsFailurePointsAtTheCertificates() {
    String message =
        EngineErrors.unreachable(
                ADDRESS,
                new SSLHandshakeException(
                    "PKIX path building failed: unable to find valid certification path"))
            .getMessage();
    assertThat(message)
        .startsWith("TLS failed with the engine at " + ADDRESS + " (PKIX path building failed")
        .contains("--tlscacert")
        .doesNotContain("host name")
        .doesNotContain("Start one");
  }

  @Test
  void aCertificateNoGivenCaSignedSaysSoWithoutTheJdksClassNames() {
    String message =
        EngineErrors.unreachable(
                ADDRESS,
                new SSLHandshakeException(
                    "PKIX path building failed:"
                        + " sun.security.provider.certpath.SunCertPathBuilderException: unable to"
                        + " find valid certification path to requested target"))
            .getMessage();
    assertThat(message)
        .startsWith(
            "TLS failed with the engine at "
                + ADDRESS
                + " (PKIX path building failed: unable to find valid certification path")
        .contains("certificate verification failed")
        .contains("not signed by the CA")
        .contains("--tlscacert")
        .doesNotContain("SunCertPathBuilderException");
  }

  static final TlsSettings NO_CLIENT_CERT =
      new TlsSettings(true, Path.of("/certs/ca.pem"), null, null);
  static final TlsSettings CLIENT_CERT =
      new TlsSettings(
          true, Path.of("/certs/ca.pem"), Path.of("/certs/cert.pem"), Path.of("/certs/key.pem"));

  static EngineUnreachableException unreachable(java.io.IOException cause) {
    return EngineErrors.unreachable(ADDRESS, cause);
  }

  /**
   * The message for a first request that failed with {@code cause}, the client using {@code tls}.
   */
  static String refusal(java.io.IOException cause, TlsSettings tls) {
    return TlsFailure.clientRefused(unreachable(cause), tls).getMessage();
  }

  @Test
  void aBrokenConnectionAfterTheHandshakeWithoutAClientCertificateAsksForOne() {
    assertThat(refusal(new SocketException("Broken pipe"), NO_CLIENT_CERT))
        .startsWith("TLS failed with the engine at " + ADDRESS + ": ")
        .contains("(Broken pipe)")
        .contains("no client certificate")
        .contains("DOCKER_CERT_PATH")
        .contains("--tlscert")
        .doesNotContain("Start one");
  }

  @Test
  void aBrokenConnectionAfterTheHandshakeWithAClientCertificateSaysItIsNotTrusted() {
    assertThat(refusal(new SocketException("Connection reset"), CLIENT_CERT))
        .startsWith("TLS failed with the engine at " + ADDRESS + ": ")
        .contains("does not trust the client certificate /certs/cert.pem")
        .doesNotContain("Start one");
  }

  @Test
  void theEnginesBadCertificateAlertIsAClientRefusalToo() {
    assertThat(
            refusal(
                new SSLHandshakeException("Received fatal alert: bad_certificate"), NO_CLIENT_CERT))
        .contains("no client certificate");
  }

  @Test
  void noEngineThereIsLeftAsItIs() {
    EngineUnreachableException refused = unreachable(new ConnectException("Connection refused"));
    assertThat(TlsFailure.clientRefused(refused, NO_CLIENT_CERT)).isSameAs(refused);
    EngineUnreachableException untrusted =
        unreachable(new SSLHandshakeException("PKIX path building failed"));
    assertThat(TlsFailure.clientRefused(untrusted, CLIENT_CERT)).isSameAs(untrusted);
  }
}

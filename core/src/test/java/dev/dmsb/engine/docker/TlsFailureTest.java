package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

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
}

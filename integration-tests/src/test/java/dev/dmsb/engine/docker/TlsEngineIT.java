package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.core.util.CertificateUtils;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.config.TlsSettings;
import dev.dmsb.it.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards a tcp engine: a stand-in engine on 127.0.0.1 that speaks HTTPS with a certificate
 * made here (openssl) and requires a client certificate, answering {@code /_ping} and {@code
 * /version}. Checks the trust decisions dmsb makes; the real engine's API is covered elsewhere.
 */
class TlsEngineIT {
  @TempDir static Path dir;
  static SSLServerSocket server;
  static Thread serving;

  static String read(String file) throws IOException {
    return Files.readString(dir.resolve(file));
  }

  @BeforeAll
  static void startTlsEngine() throws Exception {
    if (java.security.Security.getProvider("BC") == null) {
      java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }
    TestCertificates certs = new TestCertificates(dir);
    certs.authority("ca");
    certs.authority("wrong-ca");
    certs.signed("server", "ca", TestCertificates.SERVER_FOR_127_0_0_1);
    certs.signed("client", "ca", TestCertificates.CLIENT);

    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(
        CertificateUtils.createKeyStore(read("server-key.pem"), read("server.pem")),
        "docker".toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(CertificateUtils.createTrustStore(read("ca.pem")));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    server.setNeedClientAuth(true);
    serving = new Thread(TlsEngineIT::serve, "fake-tls-engine");
    serving.setDaemon(true);
    serving.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  static void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String requestLine = in.readLine();
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          // headers are not needed
        }
        String body =
            requestLine != null && requestLine.contains("/version")
                ? "{\"Version\":\"99.0-fake-tls\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\","
                    + "\"Arch\":\"amd64\"}"
                : "OK";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: "
                    + (body.startsWith("{") ? "application/json" : "text/plain")
                    + "\r\nContent-Length: "
                    + bytes.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // A refused handshake is part of the test; keep serving.
      }
    }
  }

  static EngineEndpoint endpoint(String host, boolean verify, String ca) {
    return new EngineEndpoint(
        "tcp://" + host + ":" + server.getLocalPort(),
        Optional.of(
            new TlsSettings(
                verify,
                verify ? dir.resolve(ca + ".pem") : null,
                dir.resolve("client.pem"),
                dir.resolve("client-key.pem"))),
        "test");
  }

  @Test
  void theRightCaIsTrusted() throws Exception {
    try (DockerEngine engine = DockerEngine.connect(endpoint("127.0.0.1", true, "ca"))) {
      assertThat(engine.ping().serverVersion()).isEqualTo("99.0-fake-tls");
    }
  }

  @Test
  void aWrongCaIsRefused() throws Exception {
    try (DockerEngine engine = DockerEngine.connect(endpoint("127.0.0.1", true, "wrong-ca"))) {
      assertThatThrownBy(engine::ping)
          .isInstanceOf(EngineUnreachableException.class)
          .hasMessageContaining("TLS");
    }
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefused() throws Exception {
    try (DockerEngine engine = DockerEngine.connect(endpoint("localhost", true, "ca"))) {
      assertThatThrownBy(engine::ping).isInstanceOf(EngineUnreachableException.class);
    }
  }

  @Test
  void withoutVerificationAnyCertificateIsAccepted() throws Exception {
    try (DockerEngine engine = DockerEngine.connect(endpoint("127.0.0.1", false, null))) {
      assertThat(engine.ping().serverVersion()).isEqualTo("99.0-fake-tls");
    }
  }
}

package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards a tcp engine: with {@code --tlsverify} a certificate from another CA, or one for
 * another host name, is refused (exit 3, saying TLS failed), before any request is sent. The
 * "engine" is a local TLS server socket with certificates made by keytool for the test.
 */
class TlsIT {
  static final String PASS = "changeit";

  @TempDir static Path certs;

  static Path serverStore;
  static Path serverCa;
  static Path otherStore;
  static Path otherCa;

  @BeforeAll
  static void makeCertificates() throws Exception {
    // The engine's certificate: self-signed (its own CA), for host name engine.example only.
    serverStore = certs.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "s",
        "-keyalg",
        "EC",
        "-dname",
        "CN=engine.example",
        "-ext",
        "SAN=dns:engine.example",
        "-validity",
        "2",
        "-keystore",
        serverStore.toString(),
        "-storepass",
        PASS,
        "-storetype",
        "PKCS12");
    serverCa = certs.resolve("server-ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "s",
        "-keystore",
        serverStore.toString(),
        "-storepass",
        PASS,
        "-file",
        serverCa.toString());
    // Another CA, valid for 127.0.0.1, that did not sign the engine's certificate.
    Path other = certs.resolve("other.p12");
    otherStore = other;
    keytool(
        "-genkeypair",
        "-alias",
        "o",
        "-keyalg",
        "EC",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        other.toString(),
        "-storepass",
        PASS,
        "-storetype",
        "PKCS12");
    otherCa = certs.resolve("other-ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "o",
        "-keystore",
        other.toString(),
        "-storepass",
        PASS,
        "-file",
        otherCa.toString());
  }

  static void keytool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  /** A TLS server that completes handshakes and answers every request with HTTP 500. */
  static SSLServerSocket engine() throws Exception {
    return engine(serverStore);
  }

  static SSLServerSocket engine(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASS.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  s.setSoTimeout(5000);
                  s.getInputStream().read(new byte[4096]); // handshake, then the request
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                              + "Content-Length: 27\r\nConnection: close\r\n\r\n"
                              + "{\"message\":\"test engine\"}\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // a refused handshake: what the tests expect of a wrong certificate
                }
              }
            },
            "tls-engine");
    t.setDaemon(true);
    t.start();
    return server;
  }

  DmsbProcess.Result verify(Path tmp, String host, String... tls) throws Exception {
    String[] args = new String[tls.length + 4];
    args[0] = "verify";
    args[1] = "-H";
    args[2] = host;
    System.arraycopy(tls, 0, args, 3, tls.length);
    args[args.length - 1] = "dmsb/busybox:latest";
    return DmsbProcess.run(tmp, Map.of(), Duration.ofSeconds(60), args);
  }

  @Test
  void aCertificateFromAnotherCaIsRefused(@TempDir Path tmp) throws Exception {
    try (SSLServerSocket server = engine()) {
      String host = "tcp://127.0.0.1:" + server.getLocalPort();
      DmsbProcess.Result r = verify(tmp, host, "--tlsverify", "--tlscacert", otherCa.toString());
      assertThat(r.exit()).as(r.err()).isEqualTo(3);
      assertThat(EngineFaultsIT.lastLine(r.err())).contains(host).contains("TLS failed");
    }
  }

  @Test
  void aCertificateForAnotherHostNameIsRefused(@TempDir Path tmp) throws Exception {
    try (SSLServerSocket server = engine()) {
      String host = "tcp://127.0.0.1:" + server.getLocalPort();
      DmsbProcess.Result r = verify(tmp, host, "--tlsverify", "--tlscacert", serverCa.toString());
      assertThat(r.exit()).as(r.err()).isEqualTo(3);
      assertThat(EngineFaultsIT.lastLine(r.err())).contains(host).contains("TLS failed");
    }
  }

  @Test
  void tlsWithoutVerifyAcceptsACertificateFromAnyCa(@TempDir Path tmp) throws Exception {
    // --tls alone: encrypted, the CA not checked (no --tlscacert given at all).
    try (SSLServerSocket server = engine(otherStore)) {
      String host = "tcp://127.0.0.1:" + server.getLocalPort();
      DmsbProcess.Result r = verify(tmp, host, "--tls");
      assertThat(r.err()).doesNotContain("TLS failed").contains("test engine");
      assertThat(r.exit()).as(r.err()).isNotEqualTo(3).isNotEqualTo(0);
    }
  }

  @Test
  void tlsWithoutVerifyStillChecksTheHostNameAndSaysSo(@TempDir Path tmp) throws Exception {
    // The docker CLI would connect here (--tls alone verifies nothing); docker-java's transport
    // always checks the host name, and dmsb says so instead of a bare TLS error.
    try (SSLServerSocket server = engine()) {
      String host = "tcp://127.0.0.1:" + server.getLocalPort();
      DmsbProcess.Result r = verify(tmp, host, "--tls");
      assertThat(r.exit()).as(r.err()).isEqualTo(3);
      assertThat(EngineFaultsIT.lastLine(r.err()))
          .contains(host)
          .contains("127.0.0.1")
          .contains("host name")
          .contains("even with --tls");
    }
  }

  @Test
  void theRightCaAndHostNameGetThrough(@TempDir Path tmp) throws Exception {
    // The control: a certificate for 127.0.0.1 from the CA given passes, and dmsb meets the
    // server's HTTP answer, so the refusals above are the certificate checks.
    try (SSLServerSocket server = engine(otherStore)) {
      String host = "tcp://127.0.0.1:" + server.getLocalPort();
      DmsbProcess.Result r = verify(tmp, host, "--tlsverify", "--tlscacert", otherCa.toString());
      assertThat(r.err()).doesNotContain("TLS failed").contains("test engine");
      assertThat(r.exit()).as(r.err()).isNotEqualTo(3).isNotEqualTo(0);
    }
  }
}

package dev.dmsb.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with openssl in a folder the test owns: certificate authorities
 * and the certificates they sign, valid for one day, with unencrypted RSA keys.
 *
 * <p>A certificate {@code NAME} is {@code NAME.pem} in the folder, its key {@code NAME-key.pem}.
 *
 * <pre>{@code
 * TestCertificates certs = new TestCertificates(dir);
 * certs.authority("ca");
 * certs.signed("server", "ca", TestCertificates.SERVER_FOR_127_0_0_1);
 * certs.signed("client", "ca", TestCertificates.CLIENT);
 * Path certPath = certs.dockerCertPath(dir.resolve("docker"), "ca", "client");
 * }</pre>
 */
public final class TestCertificates {
  /** Extensions of an engine's certificate for the address 127.0.0.1 only. */
  public static final String SERVER_FOR_127_0_0_1 =
      "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";

  /** Extensions of an engine's certificate for 127.0.0.1 and the name localhost. */
  public static final String SERVER_FOR_LOOPBACK =
      "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n";

  /** Extensions of a client certificate. */
  public static final String CLIENT = "extendedKeyUsage=clientAuth\n";

  private final Path dir;

  /** Certificates in {@code dir}, which is created if needed. */
  public TestCertificates(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** A self-signed certificate authority {@code name}; returns its certificate. */
  public Path authority(String name) throws IOException, InterruptedException {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + "-key.pem",
        "-out",
        name + ".pem");
    return certificate(name);
  }

  /**
   * A certificate {@code name} signed by the authority {@code ca}, with openssl {@code extensions}
   * (one per line, e.g. {@link #SERVER_FOR_127_0_0_1}); returns it.
   */
  public Path signed(String name, String ca, String extensions)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + "-key.pem",
        "-out",
        name + ".csr");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + "-key.pem",
        "-CAcreateserial",
        "-days",
        "1",
        "-out",
        name + ".pem",
        "-extfile",
        name + ".ext");
    return certificate(name);
  }

  /** The certificate {@code name} (PEM). */
  public Path certificate(String name) {
    return dir.resolve(name + ".pem");
  }

  /** The private key of the certificate {@code name} (PEM). */
  public Path key(String name) {
    return dir.resolve(name + "-key.pem");
  }

  /**
   * A folder laid out as the docker CLI reads {@code DOCKER_CERT_PATH} (and a context's {@code
   * tls/docker} folder): {@code ca.pem} is the authority {@code ca}, {@code cert.pem} and {@code
   * key.pem} the certificate {@code client} and its key, left out when {@code client} is null.
   */
  public Path dockerCertPath(Path folder, String ca, String client) throws IOException {
    Files.createDirectories(folder);
    Files.copy(certificate(ca), folder.resolve("ca.pem"));
    if (client != null) {
      Files.copy(certificate(client), folder.resolve("cert.pem"));
      Files.copy(key(client), folder.resolve("key.pem"));
    }
    return folder;
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}

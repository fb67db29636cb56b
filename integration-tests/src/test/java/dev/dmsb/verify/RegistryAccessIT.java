package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestCertificates;
import dev.dmsb.verify.VerifyIT.Run;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry access as skopeo's flags set it. A TLS registry (Debian's docker-registry) started here
 * on a non-loopback address, with a certificate of the test's own authority and client certificates
 * required: read with {@code --cert-dir}, with the per-registry folder under {@code
 * ~/.config/containers/certs.d}, refused without the authority or without a client pair. And the
 * htpasswd registry of {@code scripts/engine.sh} read with {@code --creds} and {@code --authfile}
 * instead of the docker configuration, and a refused {@code --registry-token}.
 */
class RegistryAccessIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();
  static final String OPEN = "127.0.0.1:5000";
  static final String AUTH = "127.0.0.1:5001";

  @TempDir static Path dir;
  static Process registry;
  static String tlsHost;
  static Path certDir;
  static Path nobody;

  @BeforeAll
  static void startTheTlsRegistry() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "docker-registry");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo");
    String ip = nonLoopbackAddress();
    assumeTrue(ip != null, "a non-loopback IPv4 address");
    EngineSupport.ensureBaseImage();
    run("docker", "tag", EngineSupport.BASE_IMAGE, OPEN + "/dmsb/busybox:latest");
    run("docker", "push", OPEN + "/dmsb/busybox:latest");

    TestCertificates certs = new TestCertificates(dir.resolve("pki"));
    certs.authority("ca");
    certs.signed("server", "ca", "subjectAltName=IP:" + ip + "\nextendedKeyUsage=serverAuth\n");
    certs.signed("client", "ca", TestCertificates.CLIENT);
    certDir = certFolder(dir.resolve("certs"), certs, true, true);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
      port = s.getLocalPort();
    }
    tlsHost = ip + ":" + port;
    Path data = Files.createDirectories(dir.resolve("registry-data"));
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + data
            + "\nhttp:\n  addr: "
            + tlsHost
            + "\n  tls:\n    certificate: "
            + certs.certificate("server")
            + "\n    key: "
            + certs.key("server")
            + "\n    clientcas:\n      - "
            + certs.certificate("ca")
            + "\n");
    registry =
        new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    boolean up = false;
    for (int i = 0; i < 200 && !up && registry.isAlive(); i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(ip, port), 200);
        up = true;
      } catch (java.io.IOException e) {
        registry.waitFor(100, TimeUnit.MILLISECONDS); // bounded wait for the listener
      }
    }
    assertThat(up).as(Files.readString(dir.resolve("registry.log"))).isTrue();
    run(
        "skopeo",
        "copy",
        "-q",
        "--src-tls-verify=false",
        "--dest-cert-dir",
        certDir.toString(),
        "docker://" + OPEN + "/dmsb/busybox:latest",
        "docker://" + tlsHost + "/dmsb/busybox:latest");
    run(
        "skopeo",
        "copy",
        "-q",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        "--dest-creds",
        "dmsb:dmsb-secret",
        "docker://" + OPEN + "/dmsb/busybox:latest",
        "docker://" + AUTH + "/dmsb/busybox:latest");
    nobody = Files.createDirectories(dir.resolve("nobody"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.destroy();
      registry.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static Path certFolder(Path folder, TestCertificates certs, boolean ca, boolean client)
      throws Exception {
    Files.createDirectories(folder);
    if (ca) {
      Files.copy(certs.certificate("ca"), folder.resolve("ca.crt"));
    }
    if (client) {
      Files.copy(certs.certificate("client"), folder.resolve("client.cert"));
      Files.copy(certs.key("client"), folder.resolve("client.key"));
    }
    return folder;
  }

  static String nonLoopbackAddress() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a.getHostAddress();
        }
      }
    }
    return null;
  }

  /** dmsb verify with a home that holds no docker configuration nor certificate folders. */
  static Run verifyAs(Path home, String... args) {
    String saved = System.getProperty("user.home");
    try {
      System.setProperty("user.home", home.toString());
      List<String> all = new ArrayList<>(List.of("verify"));
      all.addAll(List.of(args));
      return VerifyIT.dmsb(all.toArray(String[]::new));
    } finally {
      System.setProperty("user.home", saved);
    }
  }

  @Test
  void certDirGivesTheAuthorityAndTheClientCertificate() {
    assumeTrue(System.getenv("DOCKER_CONFIG") == null, "DOCKER_CONFIG would name another config");
    String image = "docker://" + tlsHost + "/dmsb/busybox:latest";
    Run ok = verifyAs(nobody, image, "--cert-dir", certDir.toString(), "--format", "json");
    assertThat(ok.code()).as(ok.err()).isZero();
    Run wrongCount =
        verifyAs(nobody, image, "--cert-dir", certDir.toString(), "--expect-layers", "99");
    assertThat(wrongCount.code()).isEqualTo(1);
    assertThat(wrongCount.out()).contains("expected 99 layers");

    Run untrusted = verifyAs(nobody, image);
    assertThat(untrusted.code()).isEqualTo(1);
    assertThat(untrusted.err())
        .contains("TLS to registry " + tlsHost + " failed")
        .contains("--cert-dir DIR");
  }

  @Test
  void theRegistrysOwnFolderUnderTheHomeIsRead() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home-with-certs"));
    Path folder = home.resolve(".config/containers/certs.d/" + tlsHost);
    Files.createDirectories(folder.getParent());
    copyFolder(certDir, folder);
    Run ok = verifyAs(home, "docker://" + tlsHost + "/dmsb/busybox:latest");
    assertThat(ok.code()).as(ok.err()).isZero();
  }

  @Test
  void withoutAClientPairTheRegistryRefusesAndAKeyWithoutItsCertificateIsNamed() throws Exception {
    TestCertificates certs = new TestCertificates(dir.resolve("pki"));
    Path caOnly = certFolder(dir.resolve("ca-only"), certs, true, false);
    Run refused =
        verifyAs(
            nobody,
            "docker://" + tlsHost + "/dmsb/busybox:latest",
            "--cert-dir",
            caOnly.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("registry " + tlsHost);

    Path keyOnly = Files.createDirectories(dir.resolve("key-only"));
    Files.copy(certs.key("client"), keyOnly.resolve("client.key"));
    Run named =
        verifyAs(
            nobody,
            "docker://" + tlsHost + "/dmsb/busybox:latest",
            "--cert-dir",
            keyOnly.toString());
    assertThat(named.code()).isEqualTo(1);
    assertThat(named.err())
        .contains(
            "missing client certificate client.cert for key " + keyOnly.resolve("client.key"));
  }

  @Test
  void credsAndAuthFileReplaceTheDockerConfiguration() throws Exception {
    assumeTrue(System.getenv("DOCKER_CONFIG") == null, "DOCKER_CONFIG would name another config");
    assumeTrue(System.getenv("REGISTRY_AUTH_FILE") == null, "REGISTRY_AUTH_FILE is set");
    String image = "docker://" + AUTH + "/dmsb/busybox:latest";
    Run none = verifyAs(nobody, image);
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("docker login " + AUTH);
    Run creds = verifyAs(nobody, image, "--creds", "dmsb:dmsb-secret");
    assertThat(creds.code()).as(creds.err()).isZero();
    Run wrong = verifyAs(nobody, image, "--creds", "dmsb:wrong");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.out() + wrong.err()).doesNotContain("dmsb-secret");

    Path authFile = dir.resolve("auth.json");
    Files.writeString(
        authFile,
        "{\"auths\":{\""
            + AUTH
            + "\":{\"auth\":\""
            + Base64.getEncoder()
                .encodeToString("dmsb:dmsb-secret".getBytes(StandardCharsets.UTF_8))
            + "\"}}}");
    Run fromFile = verifyAs(nobody, image, "--authfile", authFile.toString());
    assertThat(fromFile.code()).as(fromFile.err()).isZero();
    Run missing = verifyAs(nobody, image, "--authfile", dir.resolve("absent.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("the credentials file is not accessible");

    Run token = verifyAs(nobody, image, "--registry-token", "not-a-token");
    assertThat(token.code()).isEqualTo(1);
    assertThat(token.err()).contains("refused the --registry-token");
    Run both = verifyAs(nobody, image, "--registry-token", "t", "--creds", "a:b");
    assertThat(both.code()).isEqualTo(2);
  }

  private static void copyFolder(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
  }
}
